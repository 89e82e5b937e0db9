using Feedback.Training.Text.Preference;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>
/// Tunes an image model's denoiser on image preferences with <see cref="DiffusionDpoLoss"/>. Each pair's winner and
/// loser are encoded by the frozen VAE once; at every step both are noised at the same random timestep with the same
/// noise, and the policy's and the frozen reference's noise predictions are compared. The caption encoder and VAE stay
/// as they are. Logs loss, implicit accuracy (the share of pairs whose margin is positive) and the mean noise errors of
/// policy and reference on winners and losers; guarded and resumable like every preference trainer.
/// </summary>
public sealed class DiffusionDpoTrainer(DiffusionDpoOptions options)
{
    /// <summary>The cross-attention projections that LoRA adapts.</summary>
    public static readonly IReadOnlyCollection<string> LoraTargets = ["to_q", "to_k", "to_v", "to_out"];

    public PreferenceTrainingReport Run(
        LatentDiffusionModel policy,
        LatentDiffusionModel reference,
        IReadOnlyList<ImagePreferencePair> train,
        IReadOnlyList<ImagePreferencePair> heldOut,
        string runDirectory,
        IProgress<TrainingStepMetrics>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        options.Validate();
        if (train.Count == 0 || heldOut.Count == 0)
        {
            throw new ArgumentException($"Diffusion-DPO needs training and held-out pairs; it has {train.Count} and {heldOut.Count}.");
        }

        foreach (var parameter in policy.parameters().Concat(reference.parameters()))
        {
            parameter.requires_grad = false;
        }

        reference.eval();
        using var trainSet = EncodedPairs.Create(policy, train);
        using var heldOutSet = EncodedPairs.Create(policy, heldOut);
        using var alphaBars = tensor(policy.Schedule.AlphaBars.Select(a => (float)a).ToArray(), device: policy.Device);
        using var adapters = options.LoraRank > 0 ? LoraAdapters.Attach(policy.UNet, LoraTargets, options.LoraRank, options.LoraAlpha, options.Seed) : null;
        nn.Module trained = adapters is null ? policy.UNet : adapters;
        foreach (var parameter in trained.parameters())
        {
            parameter.requires_grad = true;
        }

        var settings = new GuardedLoopSettings(
            options.Steps, options.LearningRate, options.WarmupSteps, WeightDecay: 0, options.ClipNorm, options.SaveEvery, options.MaxNonFiniteInARow);
        var report = new GuardedTrainingLoop(settings, runDirectory).Run(
            new Dictionary<string, nn.Module> { [adapters is null ? "unet" : "lora"] = trained },
            trained.parameters().ToList(),
            step =>
            {
                policy.UNet.train();
                var indices = SeededBatches.Indices(options.Seed, step, trainSet.Count, options.BatchSize).Select(i => (long)i).ToArray();
                using var generator = new Generator((ulong)unchecked((options.Seed * 1_000_003L) + step), policy.Device);
                return Objective(policy, reference, trainSet, tensor(indices, device: policy.Device), alphaBars, generator);
            },
            () => Evaluate(policy, reference, heldOutSet, alphaBars),
            stopEarly: null,
            progress,
            ct);
        adapters?.Merge();
        policy.eval();
        return report;
    }

    private Dictionary<string, double> Evaluate(LatentDiffusionModel policy, LatentDiffusionModel reference, EncodedPairs set, Tensor alphaBars)
    {
        policy.UNet.eval();
        using var noGrad = no_grad();
        var means = new MetricMeans();
        using var generator = new Generator(20_261_123, policy.Device);
        for (var repeat = 0; repeat < options.EvalRepeats; repeat++)
        {
            for (var start = 0; start < set.Count; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(options.BatchSize, set.Count - start);
                var (loss, metrics) = Objective(policy, reference, set, arange(start, start + count, dtype: ScalarType.Int64, device: policy.Device), alphaBars, generator);
                means.Add(new Dictionary<string, double>(metrics, StringComparer.Ordinal) { ["loss"] = loss.item<float>() }, count);
            }
        }

        return means.Means("eval/");
    }

    private StepLoss Objective(LatentDiffusionModel policy, LatentDiffusionModel reference, EncodedPairs set, Tensor indices, Tensor alphaBars, Generator generator)
    {
        var count = indices.shape[0];
        var winners = set.Chosen.index_select(0, indices);
        var losers = set.Rejected.index_select(0, indices);
        var context = set.Context.index_select(0, indices);
        var timesteps = randint(0, alphaBars.shape[0], [count], generator: generator, device: winners.device);
        var noise = randn(winners.shape, generator: generator, device: winners.device);
        var alphaBar = alphaBars.index_select(0, timesteps).reshape(count, 1, 1, 1);
        var latents = cat([winners, losers], 0);
        var noisy = (alphaBar.sqrt().repeat(2, 1, 1, 1) * latents) + ((1 - alphaBar).sqrt().repeat(2, 1, 1, 1) * cat([noise, noise], 0));
        var steps = cat([timesteps, timesteps], 0).to(ScalarType.Float32);
        var contexts = cat([context, context], 0);
        var target = cat([noise, noise], 0);
        var policyError = DiffusionDpoLoss.PerSampleError(policy.PredictNoise(noisy, steps, contexts), target);
        Tensor referenceError;
        using (no_grad())
        {
            referenceError = DiffusionDpoLoss.PerSampleError(reference.PredictNoise(noisy, steps, contexts), target);
        }

        var (loss, margin) = DiffusionDpoLoss.Compute(
            policyError.narrow(0, 0, count), policyError.narrow(0, count, count),
            referenceError.narrow(0, 0, count), referenceError.narrow(0, count, count), options.Beta);
        var meanLoss = loss.mean();
        using var noGradMetrics = no_grad();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["implicit_accuracy"] = margin.gt(0).to_type(ScalarType.Float32).mean().item<float>(),
            ["margin"] = margin.mean().item<float>(),
            ["mse/policy_chosen"] = policyError.narrow(0, 0, count).mean().item<float>(),
            ["mse/policy_rejected"] = policyError.narrow(0, count, count).mean().item<float>(),
            ["mse/reference_chosen"] = referenceError.narrow(0, 0, count).mean().item<float>(),
            ["mse/reference_rejected"] = referenceError.narrow(0, count, count).mean().item<float>(),
        };
        return new StepLoss(meanLoss, metrics);
    }

    /// <summary>The pairs' scaled latents and caption embeddings, computed once by the frozen VAE and caption encoder.</summary>
    private sealed class EncodedPairs : IDisposable
    {
        private EncodedPairs(Tensor chosen, Tensor rejected, Tensor context)
        {
            Chosen = chosen;
            Rejected = rejected;
            Context = context;
        }

        public Tensor Chosen { get; }

        public Tensor Rejected { get; }

        public Tensor Context { get; }

        public int Count => (int)Chosen.shape[0];

        public static EncodedPairs Create(LatentDiffusionModel model, IReadOnlyList<ImagePreferencePair> pairs)
        {
            using var pixels = ImagePreferenceTensors.Create(pairs, model.Config.ImageSize, model.Config.MaxTokens, model.Device);
            using var noGrad = no_grad();
            model.Vae.eval();
            model.TextEncoder.eval();
            return new EncodedPairs(
                model.EncodeImages(pixels.Chosen).detach(),
                model.EncodeImages(pixels.Rejected).detach(),
                model.EncodeCaptions(pixels.Tokens).detach());
        }

        public void Dispose()
        {
            Chosen.Dispose();
            Rejected.Dispose();
            Context.Dispose();
        }
    }
}
