namespace Feedback.Training.Text.Preference;

/// <summary>How a reward model is trained on preference pairs.</summary>
public sealed record RewardModelOptions
{
    public int Steps { get; init; } = 150;

    /// <summary>Pairs per step (each step scores twice as many sequences).</summary>
    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 1e-4;

    public int WarmupSteps { get; init; } = 10;

    public double WeightDecay { get; init; }

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    /// <summary>Steps between resume points and held-out evaluations.</summary>
    public int SaveEvery { get; init; } = 25;

    /// <summary>
    /// Held-out batches scored at each evaluation during training: by default up to 512 pairs, enough that the
    /// held-out accuracy of a snapshot of a few thousand votes rests on all of its held-out pairs.
    /// </summary>
    public int EvalBatches { get; init; } = 32;

    public int MaxNonFiniteInARow { get; init; } = 10;

    /// <summary>Whether each pair's margin is subtracted inside the Bradley-Terry loss (chosen must win by at least that much).</summary>
    public bool UseMargin { get; init; }

    /// <summary>Weight of mean((r_chosen + r_rejected)^2), which keeps rewards centred on zero; 0 for none.</summary>
    public double CenteringCoefficient { get; init; }

    public void Validate()
    {
        PreferenceOptionChecks.RequireLoop(Steps, BatchSize, SaveEvery, MaxNonFiniteInARow, LearningRate, WarmupSteps, ClipNorm);
        if (EvalBatches <= 0)
        {
            throw new ArgumentException("Evaluation batches must be positive.");
        }

        if (WeightDecay < 0 || double.IsNaN(WeightDecay) || CenteringCoefficient < 0 || double.IsNaN(CenteringCoefficient))
        {
            throw new ArgumentException("Weight decay and the centering coefficient must be zero or positive.");
        }
    }
}
