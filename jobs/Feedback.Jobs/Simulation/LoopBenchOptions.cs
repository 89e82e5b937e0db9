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

    /// <summary>
    /// Votes cast each round beyond <see cref="VotesPerRound"/> that only measure the reward model: the snapshot holds
    /// out the prompts of about this share of the round's votes, so the trainers still learn from about
    /// <see cref="VotesPerRound"/> votes, and the held-out accuracy rests on a few hundred pairs rather than a few dozen.
    /// </summary>
    public int HeldOutVotes { get; init; } = 500;

    /// <summary>The votes each round casts: those the trainers learn from and those held out.</summary>
    public int VotesCast => VotesPerRound + HeldOutVotes;

    /// <summary>The share of a round's prompts (and so, about, of its votes) that the snapshot holds out.</summary>
    public double HeldOutFraction => (double)HeldOutVotes / VotesCast;

    /// <summary>Image loops only: where each round's grid of base and new images is saved; null saves none.</summary>
    public string? GridFolder { get; init; }
}
