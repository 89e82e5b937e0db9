namespace Feedback.Core.Domain;

/// <summary>What a kind of training run learns from.</summary>
public static class TrainingRunKinds
{
    /// <summary>Reinforcement runs (RLOO, DDPO) sample from the policy and learn from a reward model's scores, not from a snapshot of votes.</summary>
    public static bool IsReinforcement(this TrainingRunKind kind) => kind is TrainingRunKind.Rloo or TrainingRunKind.DiffusionRl;
}
