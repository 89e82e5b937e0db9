namespace Feedback.Core.Domain;

/// <summary>A comparison handed to a rater and reserved until it expires, so concurrent raters never push it past k votes.</summary>
public sealed class AssignmentLease
{
    public long Id { get; set; }
    public long ComparisonId { get; set; }
    public Comparison? Comparison { get; set; }
    public required string RaterId { get; set; }

    /// <summary>Candidate ids in the order this rater sees them, left to right.</summary>
    public required long[] ShownOrder { get; set; }

    /// <summary>The rater voted on this comparison before; it is shown again with the sides swapped.</summary>
    public bool IsSwapRepeat { get; set; }

    public DateTimeOffset ShownAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
