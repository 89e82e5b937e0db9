namespace Feedback.Core.Domain;

/// <summary>One labeling task: what is compared, how many votes each comparison wants, and how work is handed out.</summary>
public sealed class Project
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public Modality Modality { get; set; }
    public string GuidelinesMarkdown { get; set; } = "";

    /// <summary>Votes wanted per comparison (the overlap k).</summary>
    public int VotesPerComparison { get; set; } = 3;

    /// <summary>Share of assignments, between 0 and 1, that are gold comparisons with a known answer.</summary>
    public double GoldRate { get; set; }

    public AssignmentPolicy AssignmentPolicy { get; set; } = AssignmentPolicy.FewestVotesFirst;
    public SamplingSettings Sampling { get; set; } = new();
    public GateSettings Gate { get; set; } = new();
    public ReliabilitySettings Reliability { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public bool IsArchived { get; set; }

    public List<Prompt> Prompts { get; set; } = [];
    public List<Comparison> Comparisons { get; set; } = [];
}
