using Feedback.Core.Domain;

namespace Feedback.Core.Interchange;

/// <summary>
/// Anthropic's HH-RLHF dialogue text: turns each start with <c>"\n\nHuman:"</c> or <c>"\n\nAssistant:"</c> followed by
/// a space. A chosen and a rejected dialogue share everything up to an assistant turn and differ after it; that
/// shared part is the prompt. Rendering a prompt and appending an answer gives the original text back exactly.
/// </summary>
public static class HhDialogue
{
    public const string HumanMarker = "\n\nHuman:";
    public const string AssistantMarker = "\n\nAssistant:";

    public sealed record Split(string Instruction, IReadOnlyList<DialogueTurn> EarlierTurns, string Chosen, string Rejected);

    /// <summary>The shared prompt and the two answers, or null with the reason when the pair cannot be split.</summary>
    public static (Split? Split, string? Problem) SplitPair(string chosen, string rejected)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(rejected);
        if (!chosen.StartsWith(HumanMarker, StringComparison.Ordinal) || !rejected.StartsWith(HumanMarker, StringComparison.Ordinal))
        {
            return (null, "Both dialogues must start with \"\\n\\nHuman:\".");
        }

        // How far the two texts are the same.
        var common = 0;
        while (common < chosen.Length && common < rejected.Length && chosen[common] == rejected[common])
        {
            common++;
        }

        // The last assistant marker inside the shared part that answers a human turn; the answers are what follows it.
        List<DialogueTurn>? turns = null;
        var split = common - 1;
        for (; split >= 0; split--)
        {
            split = chosen.LastIndexOf(AssistantMarker, split, StringComparison.Ordinal);
            if (split < 0)
            {
                break;
            }

            turns = ParseTurns(chosen[..split]);
            if (turns.Count > 0 && turns[^1].Role == "user")
            {
                break;
            }
        }

        if (split < 0 || turns is null)
        {
            return (null, "The dialogues share no human turn followed by \"\\n\\nAssistant:\" before they differ.");
        }

        var (chosenAnswer, rejectedAnswer) = (Answer(chosen[(split + AssistantMarker.Length)..]), Answer(rejected[(split + AssistantMarker.Length)..]));
        if (chosenAnswer == rejectedAnswer)
        {
            return (null, "The chosen and rejected answers are the same.");
        }

        return (new Split(turns[^1].Text, turns.Take(turns.Count - 1).ToList(), chosenAnswer, rejectedAnswer), null);
    }

    /// <summary>The prompt as HH text, ending with the assistant marker the answer follows.</summary>
    public static string RenderPrompt(IEnumerable<DialogueTurn> earlierTurns, string instruction)
    {
        var text = new System.Text.StringBuilder();
        foreach (var turn in earlierTurns.Append(new DialogueTurn("user", instruction)))
        {
            text.Append(turn.Role == "assistant" ? AssistantMarker : HumanMarker).Append(' ').Append(turn.Text);
        }

        return text.Append(AssistantMarker).ToString();
    }

    /// <summary>An answer as HH text: what follows the prompt's last marker.</summary>
    public static string RenderAnswer(string answer) => " " + answer;

    private static List<DialogueTurn> ParseTurns(string dialogue)
    {
        var turns = new List<DialogueTurn>();
        var at = 0;
        while (at < dialogue.Length)
        {
            var role = dialogue.AsSpan(at).StartsWith(HumanMarker, StringComparison.Ordinal) ? "user" : "assistant";
            var start = at + (role == "user" ? HumanMarker.Length : AssistantMarker.Length);
            var nextHuman = dialogue.IndexOf(HumanMarker, start, StringComparison.Ordinal);
            var nextAssistant = dialogue.IndexOf(AssistantMarker, start, StringComparison.Ordinal);
            var end = new[] { nextHuman, nextAssistant, dialogue.Length }.Where(i => i >= 0).Min();
            turns.Add(new DialogueTurn(role, Answer(dialogue[start..end])));
            at = end;
        }

        return turns;
    }

    // Every turn in the published files starts with one space after the marker; it is the separator, not the text.
    private static string Answer(string afterMarker) => afterMarker.StartsWith(' ') ? afterMarker[1..] : afterMarker;
}
