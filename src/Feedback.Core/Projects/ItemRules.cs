using System.Globalization;
using System.Security.Cryptography;
using Feedback.Core.Domain;
using Feedback.Core.Media;

namespace Feedback.Core.Projects;

/// <summary>What a new item must satisfy, whether it is added by hand or imported.</summary>
public static class ItemRules
{
    public const int MinCandidates = 2;
    public const int MaxCandidates = 4;
    public const int MaxPromptLength = 20_000;
    public const int MaxTurns = 50;
    public const int MaxTurnLength = 20_000;
    public const int MaxCandidateTextLength = 20_000;

    public static IReadOnlyList<string> Roles { get; } = ["user", "assistant"];

    /// <summary>
    /// The reasons this item cannot be added to a project of the given modality; empty when it can. With
    /// <paramref name="promptOnlyAllowed"/>, an item without candidates is a prompt for the model to answer.
    /// </summary>
    public static IReadOnlyList<string> Problems(NewItem item, Modality modality, bool promptOnlyAllowed = false)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(item.Prompt))
        {
            problems.Add("A prompt is required.");
        }
        else if (item.Prompt.Length > MaxPromptLength)
        {
            problems.Add(Invariant($"The prompt is longer than {MaxPromptLength:N0} characters."));
        }

        AddTurnProblems(item.EarlierTurns, modality, problems);
        if (!(promptOnlyAllowed && item.Candidates.Count == 0))
        {
            AddCandidateProblems(item.Candidates, modality, problems);
        }

        return problems;
    }

    private static void AddTurnProblems(List<DialogueTurn> turns, Modality modality, List<string> problems)
    {
        if (modality == Modality.Image && turns.Count > 0)
        {
            problems.Add("An image prompt is a caption; it has no earlier turns.");
            return;
        }

        if (turns.Count > MaxTurns)
        {
            problems.Add(Invariant($"A prompt can follow at most {MaxTurns} earlier turns; this one has {turns.Count}."));
            return;
        }

        for (var i = 0; i < turns.Count; i++)
        {
            var number = i + 1;
            if (!Roles.Contains(turns[i].Role))
            {
                problems.Add(Invariant($"Turn {number}'s role must be \"user\" or \"assistant\"."));
            }

            if (string.IsNullOrWhiteSpace(turns[i].Text))
            {
                problems.Add(Invariant($"Turn {number} is empty."));
            }
            else if (turns[i].Text.Length > MaxTurnLength)
            {
                problems.Add(Invariant($"Turn {number} is longer than {MaxTurnLength:N0} characters."));
            }
        }
    }

    private static void AddCandidateProblems(List<NewCandidate> candidates, Modality modality, List<string> problems)
    {
        if (candidates.Count is < MinCandidates or > MaxCandidates)
        {
            problems.Add(Invariant($"An item needs between {MinCandidates} and {MaxCandidates} candidates; this one has {candidates.Count}."));
        }

        // What each acceptable candidate is compared by to find repeats: its text, or its image's hash.
        var identities = new string?[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var problem = modality == Modality.Image ? ImageProblem(candidates[i]) : TextProblem(candidates[i]);
            if (problem is not null)
            {
                problems.Add(Invariant($"Candidate {i + 1} {problem}."));
                continue;
            }

            identities[i] = modality == Modality.Image
                ? Convert.ToHexString(SHA256.HashData(candidates[i].Png!))
                : candidates[i].Text!.Trim();
            var earlier = Array.IndexOf(identities, identities[i], 0, i);
            if (earlier >= 0)
            {
                problems.Add(Invariant($"Candidates {earlier + 1} and {i + 1} are identical."));
            }
        }
    }

    private static string? TextProblem(NewCandidate candidate) => candidate switch
    {
        { Text: not null, Png: not null } => "has both text and an image; give one",
        { Png: not null } => "is an image, but this project compares text",
        { Text: var text } when string.IsNullOrWhiteSpace(text) => "is empty",
        { Text.Length: > MaxCandidateTextLength } => Invariant($"is longer than {MaxCandidateTextLength:N0} characters"),
        _ => null,
    };

    private static string? ImageProblem(NewCandidate candidate) => candidate switch
    {
        { Text: not null, Png: not null } => "has both text and an image; give one",
        { Text: not null } => "is text, but this project compares images",
        { Png: null } => "has no image",
        { Png: var png } => PngImage.Problem(png),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
