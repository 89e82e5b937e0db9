namespace Feedback.Training.Datasets.Text;

/// <summary>
/// A prompt, the conversation before it (often empty), its best answer and several answers of differing
/// quality; <see cref="Variants"/> includes <see cref="Best"/>, in random order.
/// </summary>
public sealed record InstructionExample(
    string Family,
    string Prompt,
    IReadOnlyList<DialogueLine> EarlierTurns,
    CorpusAnswer Best,
    IReadOnlyList<CorpusAnswer> Variants)
{
    public bool Equals(InstructionExample? other) =>
        other is not null
        && Family == other.Family
        && Prompt == other.Prompt
        && EarlierTurns.SequenceEqual(other.EarlierTurns)
        && Best == other.Best
        && Variants.SequenceEqual(other.Variants);

    public override int GetHashCode() => HashCode.Combine(Family, Prompt, Best);
}
