namespace Feedback.Core.Domain;

/// <summary>An immutable, hashed selection of votes that training runs are made from.</summary>
public sealed class Snapshot
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public required string Name { get; set; }

    /// <summary>The filters and options that selected the votes, as JSON.</summary>
    public string FilterJson { get; set; } = "{}";

    /// <summary>sha256 over the selected vote ids and their splits, in order.</summary>
    public required string Sha256 { get; set; }

    public int VoteCount { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SnapshotVote> Votes { get; set; } = [];
}
