namespace Feedback.Core.Training.Snapshots;

/// <summary>Whether a snapshot takes votes that prefer neither candidate (ties, "both bad").</summary>
public enum SnapshotVoteHandling
{
    Drop = 0,
    Keep = 1,
}
