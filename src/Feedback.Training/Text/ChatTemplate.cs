using System.Text;
using Feedback.Training.Tokenizers;

namespace Feedback.Training.Text;

/// <summary>
/// How a conversation is laid out as text for the built-in model: one line per turn, "User: " or "Assistant: " before
/// it, and the prompt ending with "Assistant: " so that what the model writes next is the answer (ended by EOS).
/// </summary>
public static class ChatTemplate
{
    public const string UserPrefix = "User: ";
    public const string AssistantPrefix = "Assistant: ";

    /// <summary>The text a model continues: the earlier turns (role "user" or "assistant"), the prompt, and the answer cue.</summary>
    public static string Prompt(IEnumerable<(string Role, string Text)> earlierTurns, string prompt)
    {
        var text = new StringBuilder();
        foreach (var (role, turn) in earlierTurns)
        {
            text.Append(role == "assistant" ? AssistantPrefix : UserPrefix).Append(OneLine(turn)).Append('\n');
        }

        return text.Append(UserPrefix).Append(OneLine(prompt)).Append('\n').Append(AssistantPrefix).ToString();
    }

    /// <summary>BOS, then the conversation laid out by <see cref="Prompt"/>, ending where the answer starts.</summary>
    public static IReadOnlyList<int> Encode(ITextTokenizer tokenizer, IEnumerable<(string Role, string Text)> earlierTurns, string prompt)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return [tokenizer.BosId, .. tokenizer.Encode(Prompt(earlierTurns, prompt))];
    }

    /// <summary>Turns keep to one line each, so a newline always means the turn is over.</summary>
    private static string OneLine(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\n', ' ').Trim();
}
