namespace Feedback.Core.Domain;

/// <summary>A rater passing on a comparison without voting: skipped, or flagged with a reason. Either way it is not offered to them again.</summary>
public sealed class ComparisonPass
{
    public long Id { get; set; }
    public long ComparisonId { get; set; }
    public required string RaterId { get; set; }
    public PassKind Kind { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
