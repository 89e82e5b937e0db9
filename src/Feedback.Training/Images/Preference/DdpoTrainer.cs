using Feedback.Training.Text.Preference;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>
/// DDPO (Black et al., 2023) for the image model: sample DDIM chains with eta > 0 from the current denoiser (with
/// classifier-free guidance, as served), reward the decoded images with a frozen reward model, normalize each
/// caption's rewards among its samples, and take clipped policy-gradient steps on the log-probability of every
/// stochastic step of the chains. Logs reward mean and std, an approximate KL between the sampling and the updated
/// policy, and the share of clipped ratios; evaluation is the mean reward on held-out captions from fixed seeds.
/// </summary>
public sealed class DdpoTrainer(DdpoOptions options)
{
    private const int EvalCaptions = 32;

    private Chains? _chains;

    public PreferenceTrainingReport Run(
        LatentDiffusionModel policy,
        ImageRewardModel rewardModel,
        IReadOnlyList<string> captions,
        IReadOnlyList<string> heldOutCaptions,
        string runDirectory,
        IProgress<TrainingStepMetrics>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(rewardModel);
        ArgumentNullException.ThrowIfNull(captions);
        ArgumentNullException.ThrowIfNull(heldOutCaptions);
        options.Validate();
        if (captions.Count == 0 || heldOutCaptions.Count == 0)
        {
            throw new ArgumentException($"DDPO needs training and held-out captions; it has {captions.Count} and {heldOutCaptions.Count}.");
        }

        foreach (var parameter in policy.parameters().Concat(rewardModel.parameters()))
        {
            parameter.requires_grad = false;
        }

        foreach (var parameter in policy.UNet.parameters())
        {
            parameter.requires_grad = true;
        }

        rewardModel.eval();
        var evaluation = heldOutCaptions.Take(EvalCaptions).ToList();
        var settings = new GuardedLoopSettings(
            options.Steps, options.LearningRate, options.WarmupSteps, WeightDecay: 0, options.ClipNorm, options.SaveEvery, options.MaxNonFiniteInARow);
        try
        {
            var report = new GuardedTrainingLoop(settings, runDirectory).Run(
                new Dictionary<string, nn.Module> { ["unet"] = policy.UNet },
                policy.UNet.parameters().ToList(),
                step => Update(policy, rewardModel, captions, step),
                () => new Dictionary<string, double>(StringComparer.Ordinal) { ["eval/reward"] = MeanReward(policy, rewardModel, evaluation) },
                stopEarly: null,
                progress,
                ct);
            policy.eval();
            return report;
        }
        finally
        {
            _chains?.Dispose();
            _chains = null;
        }
    }

    private StepLoss Update(LatentDiffusionModel policy, ImageRewardModel rewardModel, IReadOnlyList<string> captions, int step)
    {
        var round = step / options.InnerUpdates;
        if (_chains?.Round != round)
        {
            _chains?.Dispose();
            _chains = Sample(policy, rewardModel, captions, round);
        }

        policy.UNet.train();
        var chains = _chains;
        var losses = new List<Tensor>();
        var (kl, clipped, counted) = (0.0, 0.0, 0);
        for (var index = 0; index < chains.Timesteps.Length; index++)
        {
            if (chains.Sigmas[index] <= 0)
            {
                continue;
            }

            var mean = MeanOf(policy, chains.Latents[index], chains.Context, chains.Timesteps[index], chains.Next(index));
            var logProbability = DdimStep.LogProbability(chains.Latents[index + 1], mean, chains.Sigmas[index]);
            var ratio = (logProbability - chains.LogProbabilities[index]).exp();
            var unclipped = -chains.Advantages * ratio;
            var limited = -chains.Advantages * ratio.clamp(1 - options.ClipRange, 1 + options.ClipRange);
            losses.Add(maximum(unclipped, limited).mean());
            using var noGrad = no_grad();
            kl += 0.5 * (logProbability - chains.LogProbabilities[index]).square().mean().item<float>();
            clipped += (ratio - 1).abs().gt(options.ClipRange).to_type(ScalarType.Float32).mean().item<float>();
            counted++;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["reward_mean"] = chains.RewardMean,
            ["reward_std"] = chains.RewardStd,
            ["approx_kl"] = kl / counted,
            ["clip_fraction"] = clipped / counted,
        };
        return new StepLoss(stack(losses).mean(), metrics);
    }

    /// <summary>The guided mean of the next latents, as the sampler computes it.</summary>
    private Tensor MeanOf(LatentDiffusionModel policy, Tensor latents, Tensor context, int t, int next)
    {
        using var scope = NewDisposeScope();
        var predicted = DdimSampler.GuidedNoise(policy, latents, context, t, options.GuidanceScale);
        return DdimStep.Next(policy.Schedule, latents, predicted, t, next, options.Eta).Mean.MoveToOuterDisposeScope();
    }

    private Chains Sample(LatentDiffusionModel policy, ImageRewardModel rewardModel, IReadOnlyList<string> captions, int round)
    {
        var rng = new Random(unchecked((options.Seed * 1_000_003) + round));
        var picked = Enumerable.Range(0, options.PromptsPerBatch).Select(_ => captions[rng.Next(captions.Count)]).ToList();
        var batch = picked.SelectMany(c => Enumerable.Repeat(c, options.SamplesPerPrompt)).ToList();
        using var generator = new Generator((ulong)unchecked((options.Seed * 7_919L) + round), policy.Device);
        var (latents, context, logProbabilities, timesteps, sigmas) = Chain(policy, batch, generator);

        // The chains outlive the step that sampled them (the next inner update reuses them), so no step's scope may free them.
        foreach (var kept in latents.Concat(logProbabilities).Append(context))
        {
            kept.DetachFromDisposeScope();
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        rewardModel.eval();
        var rewards = rewardModel.Score(policy.Decode(latents[^1]).clamp(-1, 1), batch).reshape(options.PromptsPerBatch, options.SamplesPerPrompt);
        var normalized = (rewards - rewards.mean([1], keepdim: true)) / (rewards.std(1, keepdim: true) + 1e-4);
        var advantages = normalized.clamp(-options.AdvantageClip, options.AdvantageClip).reshape(-1).detach().DetachFromDisposeScope();
        return new Chains(round, latents, context, logProbabilities, timesteps, sigmas, advantages, rewards.mean().item<float>(), rewards.std().item<float>());
    }

    private (Tensor[] Latents, Tensor Context, Tensor[] LogProbabilities, int[] Timesteps, double[] Sigmas) Chain(
        LatentDiffusionModel policy, IReadOnlyList<string> batch, Generator generator)
    {
        using var noGrad = no_grad();
        policy.eval();
        var context = DdimSampler.GuidedContext(policy, batch, options.GuidanceScale).detach();
        var size = policy.Config.LatentSize;
        var latents = new List<Tensor> { randn([batch.Count, policy.Config.LatentChannels, size, size], generator: generator, device: policy.Device) };
        var logProbabilities = new List<Tensor>();
        var timesteps = DdimSampler.Timesteps(policy.Schedule.Steps, options.SamplingSteps);
        var sigmas = new double[timesteps.Length];
        for (var index = 0; index < timesteps.Length; index++)
        {
            using var scope = NewDisposeScope();
            var next = index + 1 < timesteps.Length ? timesteps[index + 1] : -1;
            var mean = MeanOf(policy, latents[^1], context, timesteps[index], next);
            sigmas[index] = DdimStep.Sigma(policy.Schedule, timesteps[index], next, options.Eta);
            var sample = sigmas[index] > 0 ? mean + (sigmas[index] * randn(mean.shape, generator: generator, device: mean.device)) : mean;
            logProbabilities.Add((sigmas[index] > 0 ? DdimStep.LogProbability(sample, mean, sigmas[index]) : zeros(batch.Count)).MoveToOuterDisposeScope());
            latents.Add(sample.MoveToOuterDisposeScope());
        }

        return ([.. latents], context, [.. logProbabilities], timesteps, sigmas);
    }

    private double MeanReward(LatentDiffusionModel policy, ImageRewardModel rewardModel, IReadOnlyList<string> captions)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(424_242, policy.Device);
        var size = policy.Config.LatentSize;
        var noise = randn([captions.Count, policy.Config.LatentChannels, size, size], generator: generator, device: policy.Device);
        var images = new DdimSampler(policy).Sample(noise, captions, options.SamplingSteps, options.GuidanceScale, options.Eta, generator).clamp(-1, 1);
        return rewardModel.Score(images, captions).mean().item<float>();
    }

    /// <summary>A batch of sampled chains: latents before and after each step, their log-probabilities under the sampling policy, and each chain's advantage.</summary>
    private sealed class Chains(
        int round, Tensor[] latents, Tensor context, Tensor[] logProbabilities, int[] timesteps, double[] sigmas, Tensor advantages, double rewardMean, double rewardStd)
        : IDisposable
    {
        public int Round { get; } = round;

        public Tensor[] Latents { get; } = latents;

        public Tensor Context { get; } = context;

        public Tensor[] LogProbabilities { get; } = logProbabilities;

        public int[] Timesteps { get; } = timesteps;

        public double[] Sigmas { get; } = sigmas;

        public Tensor Advantages { get; } = advantages;

        public double RewardMean { get; } = rewardMean;

        public double RewardStd { get; } = rewardStd;

        public int Next(int index) => index + 1 < Timesteps.Length ? Timesteps[index + 1] : -1;

        public void Dispose()
        {
            foreach (var tensor in Latents.Concat(LogProbabilities).Append(Context).Append(Advantages))
            {
                tensor.Dispose();
            }
        }
    }
}
