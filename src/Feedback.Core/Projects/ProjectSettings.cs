using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>What a researcher may change about a project once it exists: its name and how items are handed to raters.</summary>
public sealed class ProjectSettings
{
    public string Name { get; set; } = "";
    public int VotesPerComparison { get; set; } = 3;
    public double GoldRate { get; set; }
    public AssignmentPolicy AssignmentPolicy { get; set; } = AssignmentPolicy.FewestVotesFirst;

    /// <summary>The reasons these settings cannot be kept as they stand; empty when they can.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("A name is required.");
        }
        else if (Name.Trim().Length > 200)
        {
            problems.Add("The name is longer than 200 characters.");
        }

        if (VotesPerComparison is < 1 or > 50)
        {
            problems.Add("Votes per comparison must be between 1 and 50.");
        }

        if (GoldRate is < 0 or > 1 || double.IsNaN(GoldRate))
        {
            problems.Add("The gold rate must be between 0% and 100%.");
        }

        if (!Enum.IsDefined(AssignmentPolicy))
        {
            problems.Add("Choose an assignment policy.");
        }

        return problems;
    }
}
