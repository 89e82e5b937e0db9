using Feedback.Core.Domain;

namespace Feedback.Core.Training.Snapshots;

/// <summary>
/// One preference from a snapshot: the chosen candidate over the rejected one, with the prompt they answer. For a
/// tie or a "both bad" vote (flagged by <see cref="IsTie"/> or <see cref="IsBothBad"/>), "chosen" is the candidate
/// shown on the left and "rejected" the one on the right: neither was preferred. <see cref="LeftCandidateId"/> is the candidate
/// the rater saw on the left, for pairwise votes.
/// </summary>
public sealed record SnapshotPair(
    long VoteId,
    long ComparisonId,
    long PromptId,
    string PromptText,
    IReadOnlyList<DialogueTurn> EarlierTurns,
    long ChosenCandidateId,
    long RejectedCandidateId,
    string? ChosenText,
    string? RejectedText,
    string? ChosenImagePath,
    string? RejectedImagePath,
    PreferenceStrength? Strength,
    string RaterId,
    SnapshotSplit Split,
    bool IsTie,
    bool IsBothBad,
    long? LeftCandidateId = null);
