namespace Feedback.Training.Datasets.Text;

/// <summary>
/// A prompt, the conversation before it (often empty), its best answer and several answers of differing
/// quality; <see cref="Variants"/> includes <see cref="Best"/>, in random order. <see cref="RightAnswer"/> and
/// <see cref="WrongAnswer"/> are the plain statements the variants were styled from: the truth that
/// <see cref="GeneratedAnswerJudge"/> judges new answers against.
/// </summary>
public sealed record InstructionExample(
    string Family,
    string Prompt,
    IReadOnlyList<DialogueLine> EarlierTurns,
    CorpusAnswer Best,
    IReadOnlyList<CorpusAnswer> Variants,
    string RightAnswer,
    string WrongAnswer)
{
    public bool Equals(InstructionExample? other) =>
        other is not null
        && Family == other.Family
        && Prompt == other.Prompt
        && EarlierTurns.SequenceEqual(other.EarlierTurns)
        && Best == other.Best
        && Variants.SequenceEqual(other.Variants)
        && RightAnswer == other.RightAnswer
        && WrongAnswer == other.WrongAnswer;

    public override int GetHashCode() => HashCode.Combine(Family, Prompt, Best);
}
