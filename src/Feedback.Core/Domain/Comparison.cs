namespace Feedback.Core.Domain;

/// <summary>Two candidates (a pair) or more (a ranking) for the same prompt, put before raters.</summary>
public sealed class Comparison
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public long PromptId { get; set; }
    public Prompt? Prompt { get; set; }

    /// <summary>The candidates in their stored order; the order shown to a rater is chosen per assignment.</summary>
    public List<ComparisonCandidate> Candidates { get; set; } = [];

    /// <summary>Overrides the project's votes per comparison (raised for low-agreement items).</summary>
    public int? VotesWantedOverride { get; set; }

    public bool IsGold { get; set; }

    /// <summary>For gold pairs: the better candidate, or null when the known answer is a tie.</summary>
    public long? GoldPreferredCandidateId { get; set; }

    /// <summary>
    /// How unsure the current reward model is about this comparison (higher first under the model-uncertainty policy);
    /// null until a reward model has scored it.
    /// </summary>
    public double? ModelUncertainty { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public bool IsRetired { get; set; }

    public bool IsRanking => Candidates.Count > 2;
}
