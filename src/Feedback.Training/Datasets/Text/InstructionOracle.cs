namespace Feedback.Training.Datasets.Text;

/// <summary>A simulated rater that knows the quality of every corpus answer and prefers the higher score.</summary>
public static class InstructionOracle
{
    /// <returns>+1 when <paramref name="a"/> is better, -1 when <paramref name="b"/> is, 0 for a tie.</returns>
    public static int Prefer(CorpusAnswer a, CorpusAnswer b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Math.Sign(a.Quality.Score - b.Quality.Score);
    }
}
