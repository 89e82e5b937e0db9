namespace Feedback.Core.Domain;

public sealed class SnapshotVote
{
    public long SnapshotId { get; set; }
    public long VoteId { get; set; }
    public Vote? Vote { get; set; }
    public SnapshotSplit Split { get; set; }
}
