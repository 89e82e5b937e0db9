using Feedback.Training.Text.Preference;

namespace Feedback.Training.Images.Preference;

/// <summary>How the denoiser is tuned with DDPO: policy-gradient steps over sampled DDIM chains, rewarded by an image reward model.</summary>
public sealed record DdpoOptions
{
    /// <summary>Optimizer updates; every <see cref="InnerUpdates"/> of them share one batch of sampled chains.</summary>
    public int Steps { get; init; } = 40;

    public int PromptsPerBatch { get; init; } = 8;

    /// <summary>Images per caption; rewards are normalized among them.</summary>
    public int SamplesPerPrompt { get; init; } = 4;

    public int SamplingSteps { get; init; } = 10;

    /// <summary>DDIM's eta; it must be above 0 for every step but the last to have a log-probability.</summary>
    public double Eta { get; init; } = 1.0;

    public double GuidanceScale { get; init; } = 5;

    /// <summary>Updates per sampled batch; after the first, the ratios move off 1 and clipping matters.</summary>
    public int InnerUpdates { get; init; } = 2;

    /// <summary>How far the probability ratio (of per-dimension mean log-densities) may move before its gradient is cut off.</summary>
    public double ClipRange { get; init; } = 1e-4;

    /// <summary>Normalized advantages are clipped to ± this.</summary>
    public double AdvantageClip { get; init; } = 5;

    public double LearningRate { get; init; } = 1e-5;

    public int WarmupSteps { get; init; } = 4;

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    public int SaveEvery { get; init; } = 10;

    public int MaxNonFiniteInARow { get; init; } = 10;

    public void Validate()
    {
        PreferenceOptionChecks.RequireLoop(Steps, PromptsPerBatch, SaveEvery, MaxNonFiniteInARow, LearningRate, WarmupSteps, ClipNorm);
        if (SamplesPerPrompt < 2)
        {
            throw new ArgumentException("DDPO needs at least two samples per caption to normalize their rewards.");
        }

        if (SamplingSteps < 2 || !(Eta > 0) || !(GuidanceScale >= 1) || InnerUpdates <= 0)
        {
            throw new ArgumentException("DDPO needs at least two sampling steps, eta above 0, guidance of 1 or more and at least one update per batch.");
        }

        if (!(ClipRange > 0) || !(AdvantageClip > 0))
        {
            throw new ArgumentException("The clip range and the advantage clip must be positive.");
        }
    }
}
