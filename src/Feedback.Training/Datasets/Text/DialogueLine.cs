namespace Feedback.Training.Datasets.Text;

/// <summary>One turn of a conversation; <see cref="Role"/> is "user" or "assistant".</summary>
public sealed record DialogueLine(string Role, string Text)
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
