using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Training;

/// <summary>
/// Trains a <see cref="LlamaModel"/> on text examples with AdamW, warm-up and cosine decay, gradient clipping and
/// fixed seeds. Every <see cref="TextTrainingOptions.SaveEvery"/> steps it saves a resume point in the run folder;
/// run again with the same folder, it carries on from there and ends with the same weights as an unbroken run.
/// Each step is a <see cref="GuardedStep"/>; a step that is not taken is counted, and too many in a row stop the run.
/// </summary>
public sealed class TextTrainer(TextTrainingOptions options)
{
    /// <summary>Test hook: the steps whose loss is made NaN, to exercise the guard.</summary>
    internal Func<int, bool>? CorruptLossAt { get; init; }

    public TextTrainingReport Run(
        LlamaModel model,
        IReadOnlyList<TextExample> train,
        IReadOnlyList<TextExample> heldOut,
        int padId,
        string runDirectory,
        IProgress<TextTrainingProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        options.Validate();
        if (train.Count == 0 || heldOut.Count == 0)
        {
            throw new ArgumentException("Training needs examples to learn from and held-out examples to evaluate on.");
        }

        var device = model.Device;
        using var optimizer = optim.AdamW(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        var resume = new TextResumePoint(runDirectory);
        var state = resume.TryLoad(model, optimizer) ?? new TextResumeState(0, 0, null);
        var initialHeldOut = state.Step == 0 ? Evaluate(model, heldOut, padId, device) : state.InitialHeldOutLoss;
        var nonFiniteInARow = 0;
        var clock = Stopwatch.StartNew();
        long tokensSinceReport = 0;
        double? lastHeldOut = null;

        for (var step = state.Step; step < options.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            model.train();
            var learningRate = LearningRateSchedule.At(step, options);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            long learnedTokens = 0;
            var result = GuardedStep.Take(optimizer, model.parameters(), options.ClipNorm, () =>
            {
                var batch = TextBatch.Create(SampleBatch(train, step), padId, options.AnswersOnly, device);
                learnedTokens = batch.LearnedTokens;
                var value = batch.Loss(model.Forward(batch.InputIds, batch.AttentionMask));
                return CorruptLossAt?.Invoke(step) == true ? value * double.NaN : value;
            });
            var (loss, finite) = (result.Loss, result.Taken);
            if (finite)
            {
                nonFiniteInARow = 0;
                tokensSinceReport += learnedTokens;
            }
            else
            {
                state = state with { NonFiniteSteps = state.NonFiniteSteps + 1 };
                if (++nonFiniteInARow >= options.MaxNonFiniteInARow)
                {
                    throw new TrainingDivergedException(
                        $"The loss or its gradients were not finite for {nonFiniteInARow} steps in a row (up to step {step + 1}); " +
                        "lower the learning rate or check the data. The last resume point is kept.");
                }
            }

            var done = step + 1;
            var evaluate = done % options.SaveEvery == 0 || done == options.Steps;
            if (evaluate)
            {
                lastHeldOut = Evaluate(model, heldOut, padId, device);
                state = state with { Step = done, InitialHeldOutLoss = initialHeldOut };
                resume.Save(model, optimizer, state);
            }

            progress?.Report(new TextTrainingProgress(
                done, options.Steps, loss, learningRate, tokensSinceReport / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
                evaluate ? lastHeldOut : null, state.NonFiniteSteps));
        }

        var finalHeldOut = lastHeldOut ?? Evaluate(model, heldOut, padId, device);
        return new TextTrainingReport(options.Steps, initialHeldOut ?? finalHeldOut, finalHeldOut, state.NonFiniteSteps);
    }

    /// <summary>The mean loss over the first held-out batches, the same ones every time.</summary>
    public double Evaluate(LlamaModel model, IReadOnlyList<TextExample> heldOut, int padId, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        model.eval();
        using var noGrad = no_grad();
        double total = 0;
        var batches = 0;
        for (var start = 0; start < heldOut.Count && batches < options.EvalBatches; start += options.BatchSize, batches++)
        {
            using var scope = NewDisposeScope();
            var examples = heldOut.Skip(start).Take(options.BatchSize).ToList();
            using var batch = TextBatch.Create(examples, padId, options.AnswersOnly, device);
            total += batch.Loss(model.Forward(batch.InputIds, batch.AttentionMask)).item<float>();
        }

        return total / batches;
    }

    /// <summary>The batch of a step depends only on the seed and the step, so a resumed run sees the same data.</summary>
    private List<TextExample> SampleBatch(IReadOnlyList<TextExample> train, int step)
    {
        var rng = new Random(unchecked((options.Seed * 1_000_003) + step));
        return Enumerable.Range(0, options.BatchSize).Select(_ => train[rng.Next(train.Count)]).ToList();
    }
}
