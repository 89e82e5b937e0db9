using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// Trains a <see cref="RewardModel"/> on preference pairs with the Bradley-Terry loss (optionally with each pair's
/// margin, and a centering term). Reports loss, accuracy (share of pairs where chosen scores higher) and margin
/// (mean chosen minus rejected score), and their held-out "eval/" versions on evaluation steps. Resumable and guarded
/// as every preference trainer is (see <see cref="GuardedTrainingLoop"/>).
/// </summary>
public sealed class RewardModelTrainer(RewardModelOptions options)
{
    private const string ModelName = "model";

    /// <summary>Test hook: the steps whose loss is made NaN.</summary>
    internal Func<int, bool>? CorruptLossAt { get; set; }

    public PreferenceTrainingReport Run(
        RewardModel model,
        IReadOnlyList<PreferencePair> train,
        IReadOnlyList<PreferencePair> heldOut,
        int padId,
        string runDirectory,
        IProgress<TrainingStepMetrics>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(runDirectory);
        options.Validate();
        PreferencePairChecks.Require(train, model.Config, "training");
        PreferencePairChecks.Require(heldOut, model.Config, "held-out");

        var evaluationPairs = heldOut.Take(options.EvalBatches * options.BatchSize).ToList();
        var settings = new GuardedLoopSettings(
            options.Steps, options.LearningRate, options.WarmupSteps, options.WeightDecay, options.ClipNorm, options.SaveEvery, options.MaxNonFiniteInARow);
        var loop = new GuardedTrainingLoop(settings, runDirectory) { CorruptLossAt = CorruptLossAt };
        return loop.Run(
            new Dictionary<string, nn.Module> { [ModelName] = model },
            model.parameters().ToList(),
            step =>
            {
                model.train();
                var pairs = SeededBatches.Indices(options.Seed, step, train.Count, options.BatchSize).Select(i => train[i]).ToList();
                return Objective(model, PreferenceBatch.Create(pairs, padId, model.Device));
            },
            () => Evaluate(model, evaluationPairs, padId),
            stopEarly: null,
            progress,
            ct);
    }

    /// <summary>eval/loss, eval/accuracy and eval/margin over all of <paramref name="pairs"/>, in eval mode without gradients.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(RewardModel model, IReadOnlyList<PreferencePair> pairs, int padId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pairs);
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        var means = new MetricMeans();
        for (var start = 0; start < pairs.Count; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var slice = pairs.Skip(start).Take(options.BatchSize).ToList();
            var (loss, metrics) = Objective(model, PreferenceBatch.Create(slice, padId, model.Device));
            means.Add(new Dictionary<string, double>(metrics, StringComparer.Ordinal) { ["loss"] = loss.item<float>() }, slice.Count);
        }

        model.train(wasTraining);
        return means.Means("eval/");
    }

    private StepLoss Objective(RewardModel model, PreferenceBatch batch)
    {
        var scores = model.Score(batch.Sequences.InputIds, batch.Sequences.AttentionMask);
        var chosen = batch.Chosen(scores);
        var rejected = batch.Rejected(scores);
        var loss = PreferenceLosses.BradleyTerry(chosen, rejected, options.UseMargin ? batch.Margins : null).mean();
        if (options.CenteringCoefficient > 0)
        {
            loss += (chosen + rejected).square().mean() * options.CenteringCoefficient;
        }

        using var noGrad = no_grad();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = chosen.gt(rejected).to_type(ScalarType.Float32).mean().item<float>(),
            ["margin"] = (chosen - rejected).mean().item<float>(),
        };
        return new StepLoss(loss, metrics);
    }
}
