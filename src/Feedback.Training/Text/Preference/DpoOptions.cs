using System.Text.Json.Serialization;

namespace Feedback.Training.Text.Preference;

/// <summary>How a policy is trained directly on preference pairs (DPO, IPO or robust DPO), fully or through LoRA adapters.</summary>
public sealed record DpoOptions
{
    public DpoLoss Loss { get; init; } = DpoLoss.Sigmoid;

    /// <summary>How far the policy may move from the reference: larger keeps it closer.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>The share of labels assumed flipped; used by <see cref="DpoLoss.Robust"/> only.</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>
    /// The loss while the policy still equals the reference: ln 2 for the sigmoid and robust losses, 1/(4 beta^2) for IPO.
    /// </summary>
    [JsonIgnore]
    public double LossBeforeTraining => Loss == DpoLoss.Ipo ? 1 / (4 * Beta * Beta) : Math.Log(2);

    public int Steps { get; init; } = 150;

    /// <summary>Pairs per step (each step runs twice as many sequences).</summary>
    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 5e-5;

    public int WarmupSteps { get; init; } = 10;

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    /// <summary>Steps between resume points and held-out evaluations.</summary>
    public int SaveEvery { get; init; } = 25;

    /// <summary>Held-out batches evaluated (their reference log-probs are computed once, before training).</summary>
    public int EvalBatches { get; init; } = 8;

    public int MaxNonFiniteInARow { get; init; } = 10;

    /// <summary>0 trains every weight; above 0, only LoRA adapters of this rank train, merged into the weights at the end.</summary>
    public int LoraRank { get; init; }

    public double LoraAlpha { get; init; } = 16;

    public void Validate()
    {
        PreferenceOptionChecks.RequireLoop(Steps, BatchSize, SaveEvery, MaxNonFiniteInARow, LearningRate, WarmupSteps, ClipNorm);
        if (EvalBatches <= 0)
        {
            throw new ArgumentException("Evaluation batches must be positive.");
        }

        if (!(Beta > 0) || double.IsInfinity(Beta))
        {
            throw new ArgumentException("Beta must be positive.");
        }

        if (!Enum.IsDefined(Loss))
        {
            throw new ArgumentException($"Unknown DPO loss {Loss}.");
        }

        if (Loss == DpoLoss.Robust && !(LabelSmoothing is > 0 and < 0.5))
        {
            throw new ArgumentException("Robust DPO needs a label smoothing above 0 and below 0.5.");
        }

        if (LoraRank < 0 || (LoraRank > 0 && !(LoraAlpha > 0)))
        {
            throw new ArgumentException("The LoRA rank cannot be negative, and alpha must be positive when it is used.");
        }
    }
}
