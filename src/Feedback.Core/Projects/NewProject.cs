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
        var problems = new List<string>(Settings().Problems());
        if (!Enum.IsDefined(Modality))
        {
            problems.Add("Choose text or image.");
        }

        problems.AddRange(GuidelinesProblems(GuidelinesMarkdown));
        return problems;
    }

    /// <summary>The part of a new project that can be changed later.</summary>
    public ProjectSettings Settings() => new()
    {
        Name = Name,
        VotesPerComparison = VotesPerComparison,
        GoldRate = GoldRate,
        AssignmentPolicy = AssignmentPolicy,
    };

    /// <summary>Why these guidelines cannot be kept; empty when they can.</summary>
    public static IReadOnlyList<string> GuidelinesProblems(string? markdown) =>
        markdown is null ? ["The guidelines are missing."]
        : markdown.Length > MaxGuidelinesLength ? [$"The guidelines are longer than {MaxGuidelinesLength.ToString("N0", CultureInfo.InvariantCulture)} characters."]
        : [];
}
