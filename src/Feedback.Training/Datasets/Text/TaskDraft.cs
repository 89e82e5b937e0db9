namespace Feedback.Training.Datasets.Text;

/// <summary>
/// What a task family produces before styling: the prompt, a right answer and a plausible wrong one, both
/// plain and short. A block answer (a Markdown list) is kept on lines of its own when styled.
/// </summary>
internal sealed record TaskDraft(string Prompt, string Right, string Wrong, IReadOnlyList<DialogueLine> EarlierTurns)
{
    /// <summary>How often a task that has a natural follow-up question is posed as one.</summary>
    public const double FollowUpRate = 0.35;

    public TaskDraft(string prompt, string right, string wrong)
        : this(prompt, right, wrong, [])
    {
    }

    public bool IsBlock => Right.Contains('\n', StringComparison.Ordinal);

    /// <summary>A follow-up draft after the user asked <paramref name="earlierPrompt"/> and got <paramref name="earlierAnswer"/>.</summary>
    public static TaskDraft FollowUp(string earlierPrompt, string earlierAnswer, string prompt, string right, string wrong) =>
        new(prompt, right, wrong, [new DialogueLine(DialogueLine.User, earlierPrompt), new DialogueLine(DialogueLine.Assistant, earlierAnswer)]);
}
