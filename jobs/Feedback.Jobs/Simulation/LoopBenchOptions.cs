using Feedback.Core.Domain;

namespace Feedback.Jobs.Simulation;

/// <summary>One loop-bench (text or image): how many rounds, votes per round, how noisy the raters, which method, and how long each trainer runs.</summary>
public sealed record LoopBenchOptions
{
    public int Rounds { get; init; } = 1;
    public int VotesPerRound { get; init; } = 1000;
    public double Noise { get; init; } = 0.2;
    public int Raters { get; init; } = 5;
    public TrainingRunKind Method { get; init; } = TrainingRunKind.Dpo;
    public int TrainingPrompts { get; init; } = 600;
    public int HeldOutPrompts { get; init; } = 100;

    /// <summary>Answers per policy in the noise-free evaluation against the base model.</summary>
    public int EvaluationAnswers { get; init; } = 400;

    public string RewardModelHyperparameters { get; init; } = "{}";
    public string PolicyHyperparameters { get; init; } = "{}";
    public int Seed { get; init; } = 1;

    /// <summary>The share of each round's prompts whose votes the snapshot holds out for evaluation.</summary>
    public double HeldOutFraction { get; init; } = 0.1;

    /// <summary>Image loops only: where each round's grid of base and new images is saved; null saves none.</summary>
    public string? GridFolder { get; init; }
}
