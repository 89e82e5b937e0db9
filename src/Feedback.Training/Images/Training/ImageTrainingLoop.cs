using System.Diagnostics;
using Feedback.Training.Text.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Training;

/// <summary>
/// The loop the image trainers share: a loss per step (whose data depends only on the seed and the step), AdamW on
/// the trained parameters, each step a <see cref="GuardedStep"/> (steps not taken are counted), and a resume point of
/// the named modules every <see cref="ImageTrainingOptions.SaveEvery"/> steps, so that a run started again carries on
/// where it stopped.
/// </summary>
internal sealed class ImageTrainingLoop(ImageTrainingOptions options)
{
    /// <param name="modules">Everything whose state the resume point must hold, by file name.</param>
    /// <param name="parameters">What the optimizer trains.</param>
    /// <param name="stepLoss">The loss of a step's batch, given the step.</param>
    /// <param name="heldOutLoss">The mean loss on fixed held-out data, in eval mode and without gradients.</param>
    public ImageTrainingReport Run(
        IReadOnlyDictionary<string, nn.Module> modules,
        IList<Parameter> parameters,
        Func<int, Tensor> stepLoss,
        Func<double> heldOutLoss,
        string runDirectory,
        IProgress<ImageTrainingProgress>? progress,
        CancellationToken ct)
    {
        options.Validate();
        using var optimizer = optim.AdamW(parameters, lr: options.LearningRate, weight_decay: options.WeightDecay);
        var resume = new ResumePoint<ImageResumeState>(runDirectory);
        var state = resume.TryLoad(modules, optimizer) ?? new ImageResumeState(0, 0, null);
        var initialHeldOut = state.InitialHeldOutLoss ?? Evaluate(modules, heldOutLoss);
        double? lastHeldOut = null;
        var nonFiniteInARow = 0;
        var clock = Stopwatch.StartNew();
        var imagesSeen = 0L;

        for (var step = state.Step; step < options.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var module in modules.Values)
            {
                module.train();
            }

            var learningRate = LearningRateSchedule.At(step, options.Steps, options.WarmupSteps, options.LearningRate, options.MinLearningRateRatio);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            var result = GuardedStep.Take(optimizer, parameters, options.ClipNorm, () => stepLoss(step));
            var (loss, finite) = (result.Loss, result.Taken);
            if (finite)
            {
                nonFiniteInARow = 0;
                imagesSeen += options.BatchSize;
            }
            else
            {
                state = state with { NonFiniteSteps = state.NonFiniteSteps + 1 };
                if (++nonFiniteInARow >= options.MaxNonFiniteInARow)
                {
                    throw new TrainingDivergedException(
                        $"The loss or its gradients were not finite for {nonFiniteInARow} steps in a row (up to step {step + 1}); " +
                        "lower the learning rate. The last resume point is kept.");
                }
            }

            var done = step + 1;
            var save = done % options.SaveEvery == 0 || done == options.Steps;
            if (save)
            {
                lastHeldOut = Evaluate(modules, heldOutLoss);
                state = state with { Step = done, InitialHeldOutLoss = initialHeldOut };
                resume.Save(modules, optimizer, state);
            }

            progress?.Report(new ImageTrainingProgress(
                done, options.Steps, loss, learningRate, imagesSeen / Math.Max(1e-9, clock.Elapsed.TotalSeconds), save ? lastHeldOut : null, state.NonFiniteSteps));
        }

        var final = lastHeldOut ?? Evaluate(modules, heldOutLoss);
        return new ImageTrainingReport(options.Steps, initialHeldOut, final, state.NonFiniteSteps);
    }

    private static double Evaluate(IReadOnlyDictionary<string, nn.Module> modules, Func<double> heldOutLoss)
    {
        foreach (var module in modules.Values)
        {
            module.eval();
        }

        using var noGrad = no_grad();
        return heldOutLoss();
    }
}
