namespace Feedback.Training.Text.Training;

/// <summary>
/// One training sequence: BOS, the prompt's tokens, the answer's tokens, EOS. Only the answer and EOS are learned
/// from in fine-tuning; pre-training learns from every token.
/// </summary>
public sealed record TextExample(IReadOnlyList<int> Tokens, int AnswerStart)
{
    public int Length => Tokens.Count;
}
