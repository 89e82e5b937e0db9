using System.Text.Json.Serialization;
using Feedback.Training.Text.Preference;

namespace Feedback.Training.Images.Preference;

/// <summary>How the denoiser is tuned on image preferences with Diffusion-DPO, fully or through LoRA adapters on its cross-attention.</summary>
public sealed record DiffusionDpoOptions
{
    /// <summary>
    /// How strongly the loss pushes the denoising errors apart; larger keeps the policy closer to the reference. The
    /// paper uses 2000-5000 for Stable Diffusion; this model's per-sample errors are of the same order, and 1000-5000
    /// suits it too.
    /// </summary>
    public double Beta { get; init; } = 2000;

    /// <summary>The loss while the policy still denoises exactly as the reference: ln 2, whatever beta.</summary>
    [JsonIgnore]
    public double LossBeforeTraining => Math.Log(2);

    public int Steps { get; init; } = 300;

    /// <summary>Pairs per step (each step runs the denoiser on four times as many latents).</summary>
    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 4e-5;

    public int WarmupSteps { get; init; } = 20;

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    public int SaveEvery { get; init; } = 50;

    /// <summary>Noisings of each held-out pair in an evaluation (fixed timesteps and noise).</summary>
    public int EvalRepeats { get; init; } = 4;

    public int MaxNonFiniteInARow { get; init; } = 10;

    /// <summary>0 trains every denoiser weight; above 0, only LoRA adapters of this rank on the cross-attention projections train, merged at the end.</summary>
    public int LoraRank { get; init; }

    public double LoraAlpha { get; init; } = 8;

    public void Validate()
    {
        PreferenceOptionChecks.RequireLoop(Steps, BatchSize, SaveEvery, MaxNonFiniteInARow, LearningRate, WarmupSteps, ClipNorm);
        if (!(Beta > 0) || double.IsInfinity(Beta))
        {
            throw new ArgumentException("Beta must be positive.");
        }

        if (EvalRepeats <= 0)
        {
            throw new ArgumentException("Evaluation repeats must be positive.");
        }

        if (LoraRank < 0 || (LoraRank > 0 && !(LoraAlpha > 0)))
        {
            throw new ArgumentException("The LoRA rank cannot be negative, and alpha must be positive when it is used.");
        }
    }
}
