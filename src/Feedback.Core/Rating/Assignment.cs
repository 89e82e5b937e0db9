namespace Feedback.Core.Rating;

/// <summary>A comparison leased to one rater, with the order (left to right) in which that rater sees its candidates.</summary>
public sealed record Assignment(long LeaseId, long ComparisonId, IReadOnlyList<long> ShownOrder, DateTimeOffset ShownAt, DateTimeOffset ExpiresAt);
