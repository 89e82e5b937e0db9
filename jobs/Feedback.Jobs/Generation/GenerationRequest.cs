namespace Feedback.Jobs.Generation;

/// <summary>
/// New comparisons wanted in a project. Without an opponent, every candidate comes from the serving checkpoint
/// (<see cref="CandidatesPerComparison"/> of them per prompt); with one, each prompt gets one answer from the serving
/// checkpoint and one from the opponent: a battle between them.
/// </summary>
public sealed record GenerationRequest(long ProjectId, int Comparisons, int CandidatesPerComparison = 2, long? OpponentCheckpointId = null)
{
    public const int MaxComparisons = 2_000;

    /// <summary>The sizes of the fewest batches that together ask for <paramref name="comparisons"/>, each within the limit.</summary>
    public static IEnumerable<int> BatchSizes(int comparisons)
    {
        for (var left = comparisons; left > 0; left -= MaxComparisons)
        {
            yield return Math.Min(left, MaxComparisons);
        }
    }
}
