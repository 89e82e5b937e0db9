namespace Feedback.Training.Text.Preference;

/// <summary>
/// One comparison as token ids: the prompt (BOS and the chat-template prompt), and the preferred and the other answer
/// (each followed by EOS). <see cref="Margin"/> (at least 0) says how strongly chosen was preferred; the reward model
/// uses it when asked to.
/// </summary>
public sealed record PreferencePair(IReadOnlyList<int> Prompt, IReadOnlyList<int> Chosen, IReadOnlyList<int> Rejected, double Margin = 0);
