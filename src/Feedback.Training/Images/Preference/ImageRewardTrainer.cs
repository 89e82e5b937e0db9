using Feedback.Training.Text.Preference;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>
/// Trains an <see cref="ImageRewardModel"/> on image preferences with the Bradley-Terry loss -log sigmoid(r_chosen -
/// r_rejected). Reports loss, accuracy and margin, with their held-out "eval/" versions on evaluation steps; guarded
/// and resumable like every preference trainer.
/// </summary>
public sealed class ImageRewardTrainer(ImageRewardOptions options)
{
    public PreferenceTrainingReport Run(
        ImageRewardModel model,
        IReadOnlyList<ImagePreferencePair> train,
        IReadOnlyList<ImagePreferencePair> heldOut,
        string runDirectory,
        IProgress<TrainingStepMetrics>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        options.Validate();
        if (train.Count == 0 || heldOut.Count == 0)
        {
            throw new ArgumentException($"The reward model needs training and held-out pairs; it has {train.Count} and {heldOut.Count}.");
        }

        using var trainSet = ImagePreferenceTensors.Create(train, model.Config.ImageSize, model.Config.MaxTokens, model.Device);
        using var heldOutSet = ImagePreferenceTensors.Create(heldOut, model.Config.ImageSize, model.Config.MaxTokens, model.Device);
        var settings = new GuardedLoopSettings(
            options.Steps, options.LearningRate, options.WarmupSteps, options.WeightDecay, options.ClipNorm, options.SaveEvery, options.MaxNonFiniteInARow);
        return new GuardedTrainingLoop(settings, runDirectory).Run(
            new Dictionary<string, nn.Module> { ["model"] = model },
            model.TrainedParameters(options.TrainFullHead, options.TrainEncoders).ToList(),
            step =>
            {
                model.train();
                var indices = tensor(SeededBatches.Indices(options.Seed, step, trainSet.Count, options.BatchSize).Select(i => (long)i).ToArray(), device: model.Device);
                return Objective(model, trainSet, indices);
            },
            () => Evaluate(model, heldOutSet),
            stopEarly: null,
            progress,
            ct);
    }

    /// <summary>eval/loss, eval/accuracy and eval/margin over every pair, in eval mode without gradients.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(ImageRewardModel model, IReadOnlyList<ImagePreferencePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var set = ImagePreferenceTensors.Create(pairs, model.Config.ImageSize, model.Config.MaxTokens, model.Device);
        return Evaluate(model, set);
    }

    private IReadOnlyDictionary<string, double> Evaluate(ImageRewardModel model, ImagePreferenceTensors set)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        var means = new MetricMeans();
        for (var start = 0; start < set.Count; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(options.BatchSize, set.Count - start);
            var indices = arange(start, start + count, dtype: ScalarType.Int64, device: model.Device);
            var (loss, metrics) = Objective(model, set, indices);
            means.Add(new Dictionary<string, double>(metrics, StringComparer.Ordinal) { ["loss"] = loss.item<float>() }, count);
        }

        model.train(wasTraining);
        return means.Means("eval/");
    }

    private static StepLoss Objective(ImageRewardModel model, ImagePreferenceTensors set, Tensor indices)
    {
        var count = indices.shape[0];
        var images = cat([set.Chosen.index_select(0, indices), set.Rejected.index_select(0, indices)], 0);
        var tokens = set.Tokens.index_select(0, indices);
        var requirements = set.Requirements.index_select(0, indices);
        var scores = model.Score(images, cat([tokens, tokens], 0), cat([requirements, requirements], 0));
        var chosen = scores.narrow(0, 0, count);
        var rejected = scores.narrow(0, count, count);
        var loss = PreferenceLosses.BradleyTerry(chosen, rejected).mean();
        using var noGrad = no_grad();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = chosen.gt(rejected).to_type(ScalarType.Float32).mean().item<float>(),
            ["margin"] = (chosen - rejected).mean().item<float>(),
        };
        return new StepLoss(loss, metrics);
    }
}
