using Feedback.Core.Domain;

namespace Feedback.Core.Rating;

/// <summary>What a rater's page sends: a pairwise choice, or a ranking (candidate ids, best first), for a leased comparison.</summary>
public sealed record VoteRequest(
    Guid ClientVoteId,
    string RaterId,
    long ComparisonId,
    VoteChoice? Choice = null,
    IReadOnlyList<long>? Ranking = null,
    PreferenceStrength? Strength = null,
    string? Rationale = null);
