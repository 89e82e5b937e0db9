namespace Feedback.Core.Projects;

/// <summary>One page of a project's comparisons, newest first, and how many there are in all.</summary>
public sealed record ComparisonPage(IReadOnlyList<ComparisonRow> Rows, int Total);

/// <summary>A comparison as the project page lists it.</summary>
public sealed record ComparisonRow(
    long ComparisonId,
    string PromptPreview,
    IReadOnlyList<CandidatePreview> Candidates,
    int Votes,
    bool IsGold,
    long? GoldPreferredCandidateId,
    bool IsRetired,
    DateTimeOffset CreatedAt)
{
    public int CandidateCount => Candidates.Count;
}

/// <summary>The start of a text candidate, or an image candidate's file name in the media folder.</summary>
public sealed record CandidatePreview(long CandidateId, string? Text, string? ImagePath);
