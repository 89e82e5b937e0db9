namespace Feedback.Jobs.Generation;

/// <summary>
/// New comparisons wanted in a project. Without an opponent, every candidate comes from the serving checkpoint
/// (<see cref="CandidatesPerComparison"/> of them per prompt); with one, each prompt gets one answer from the serving
/// checkpoint and one from the opponent: a battle between them.
/// </summary>
public sealed record GenerationRequest(long ProjectId, int Comparisons, int CandidatesPerComparison = 2, long? OpponentCheckpointId = null)
{
    public const int MaxComparisons = 2_000;
}
