using Feedback.Core.Rating;

namespace Feedback.Jobs.Simulation;

/// <summary>What a simulated rater knows: a score for each candidate of an item (higher is better), or null when it cannot judge the item.</summary>
public interface IRaterOracle
{
    Task<IReadOnlyList<double>?> JudgeAsync(RatingItem item, CancellationToken ct);
}
