namespace Feedback.Training.Datasets.Text;

/// <summary>
/// How an answer fares on four axes a person can judge. <see cref="Score"/> weighs correctness above the other
/// three together, so a correct answer always outranks an incorrect one however well the incorrect one does elsewhere.
/// </summary>
public sealed record AnswerQuality(bool Correct, bool Polite, bool Concise, bool OnTopic)
{
    /// <summary>One more than the three other axes can add up to.</summary>
    public const int CorrectWeight = 4;

    public const int MaxScore = CorrectWeight + 3;

    public static AnswerQuality Ideal { get; } = new(Correct: true, Polite: true, Concise: true, OnTopic: true);

    public int Score => (Correct ? CorrectWeight : 0) + (Polite ? 1 : 0) + (Concise ? 1 : 0) + (OnTopic ? 1 : 0);

    public bool IsBest => Score == MaxScore;
}
