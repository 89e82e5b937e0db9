namespace Feedback.Core.Domain;

/// <summary>
/// One rater's raw answer to one comparison, exactly as given. Votes are never updated or deleted
/// (the database refuses it); aggregates are derived from them.
/// </summary>
public sealed class Vote
{
    public long Id { get; set; }
    public long ComparisonId { get; set; }
    public Comparison? Comparison { get; set; }
    public required string RaterId { get; set; }

    /// <summary>Chosen by the rater's page; unique, so a retried submission stores one vote.</summary>
    public Guid ClientVoteId { get; set; }

    /// <summary>The pairwise answer; null for rankings.</summary>
    public VoteChoice? Choice { get; set; }

    /// <summary>For rankings: candidate ids from best to worst.</summary>
    public long[]? Ranking { get; set; }

    public PreferenceStrength? Strength { get; set; }
    public string? Rationale { get; set; }

    /// <summary>Candidate ids in the order they were shown, left to right (so position bias can be measured).</summary>
    public required long[] ShownOrder { get; set; }

    /// <summary>A repeat of the rater's own earlier comparison with the sides swapped, to measure their consistency; left out of agreement.</summary>
    public bool IsSwapRepeat { get; set; }

    public DateTimeOffset ShownAt { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }

    public long LeftCandidateId => ShownOrder[0];
    public long RightCandidateId => ShownOrder[^1];
}
