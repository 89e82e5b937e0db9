namespace Feedback.Core.Domain;

/// <summary>One entry of a project's promotion history: which checkpoint, what happened, what served before, and why.</summary>
public sealed class CheckpointPromotion
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long CheckpointId { get; set; }
    public Checkpoint? Checkpoint { get; set; }

    /// <summary>What served before (null when the project's policy was the shared base model).</summary>
    public long? PreviousCheckpointId { get; set; }
    public Checkpoint? PreviousCheckpoint { get; set; }

    public PromotionAction Action { get; set; }
    public required string Reason { get; set; }
    public string? ById { get; set; }
    public DateTimeOffset At { get; set; }
}
