namespace Feedback.Core.Domain;

/// <summary>One training job: what it trained on (a snapshot), from which checkpoint, with which settings, and how far it got.</summary>
public sealed class TrainingRun
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public TrainingRunKind Kind { get; set; }
    public long? SnapshotId { get; set; }
    public Snapshot? Snapshot { get; set; }

    /// <summary>The checkpoint training starts from.</summary>
    public long? BaseCheckpointId { get; set; }
    public Checkpoint? BaseCheckpoint { get; set; }

    /// <summary>For RLHF runs and for the gate: the reward model that scores answers.</summary>
    public long? RewardCheckpointId { get; set; }
    public Checkpoint? RewardCheckpoint { get; set; }

    public string HyperparametersJson { get; set; } = "{}";
    public TrainingRunStatus Status { get; set; }
    public string? HangfireJobId { get; set; }
    public int Step { get; set; }
    public int TotalSteps { get; set; }
    public string? Error { get; set; }

    /// <summary>Set by a researcher; the running job stops at its next step and the run ends as cancelled.</summary>
    public bool CancelRequested { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
