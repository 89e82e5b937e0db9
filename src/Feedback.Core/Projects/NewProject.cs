using System.Globalization;
using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>What a researcher fills in to start a labeling project.</summary>
public sealed class NewProject
{
    public const int MaxGuidelinesLength = 100_000;

    public string Name { get; set; } = "";
    public Modality Modality { get; set; } = Modality.Text;
    public string GuidelinesMarkdown { get; set; } = "";
    public int VotesPerComparison { get; set; } = 3;
    public double GoldRate { get; set; }
    public AssignmentPolicy AssignmentPolicy { get; set; } = AssignmentPolicy.FewestVotesFirst;

    /// <summary>The reasons this project cannot be created as it stands; empty when it can.</summary>
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

        if (!Enum.IsDefined(Modality))
        {
            problems.Add("Choose text or image.");
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

        problems.AddRange(GuidelinesProblems(GuidelinesMarkdown));

        return problems;
    }

    /// <summary>Why these guidelines cannot be kept; empty when they can.</summary>
    public static IReadOnlyList<string> GuidelinesProblems(string? markdown) =>
        markdown is null ? ["The guidelines are missing."]
        : markdown.Length > MaxGuidelinesLength ? [$"The guidelines are longer than {MaxGuidelinesLength.ToString("N0", CultureInfo.InvariantCulture)} characters."]
        : [];
}
