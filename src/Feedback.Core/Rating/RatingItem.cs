using Feedback.Core.Domain;

namespace Feedback.Core.Rating;

/// <summary>
/// What a rater's page shows for one assignment: the prompt, the dialogue before it, and the candidates in the order
/// chosen for this rater. It says nothing about other raters' votes, or about whether the item is gold.
/// </summary>
public sealed record RatingItem(
    long LeaseId,
    long ComparisonId,
    Modality Modality,
    string Prompt,
    IReadOnlyList<DialogueTurn> EarlierTurns,
    IReadOnlyList<RatingCandidate> Candidates)
{
    public bool IsRanking => Candidates.Count > 2;
}

/// <summary>One candidate as shown: its text, or its image's file name in the media folder.</summary>
public sealed record RatingCandidate(long CandidateId, string? Text, string? ImagePath);
