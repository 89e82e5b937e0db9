namespace Feedback.Core.Training.Snapshots;

/// <summary>A snapshot as a list of them shows it: what it holds, split by split, and who made it when.</summary>
public sealed record SnapshotSummary(
    long SnapshotId,
    long ProjectId,
    string Name,
    int VoteCount,
    int HeldOutVotes,
    int TrainPairs,
    int HeldOutPairs,
    string Sha256,
    DateTimeOffset CreatedAt,
    string? CreatedById,
    string? CreatedByName,
    string FilterJson)
{
    public int TrainVotes => VoteCount - HeldOutVotes;
}
