using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>A project's settings and how much content and work it holds, for the top of its page.</summary>
public sealed record ProjectSummary(
    long ProjectId,
    string Name,
    Modality Modality,
    string GuidelinesMarkdown,
    int VotesPerComparison,
    double GoldRate,
    AssignmentPolicy AssignmentPolicy,
    bool IsArchived,
    int PromptCount,
    int ComparisonCount,
    int VoteCount,
    int GoldCount,
    SamplingSettings Sampling,
    GateSettings Gate)
{
    /// <summary>The settings a researcher may change, as they stand.</summary>
    public ProjectSettings Settings() => new()
    {
        Name = Name,
        VotesPerComparison = VotesPerComparison,
        GoldRate = GoldRate,
        AssignmentPolicy = AssignmentPolicy,
    };
}
