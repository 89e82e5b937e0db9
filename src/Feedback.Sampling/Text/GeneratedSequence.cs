namespace Feedback.Sampling.Text;

/// <summary>One row's continuation of its prompt.</summary>
/// <param name="TokenIds">The new tokens only, the end-of-sequence token included when the row stopped at it.</param>
/// <param name="StoppedAtEos">True when the row ended at the end-of-sequence token rather than at the token limit.</param>
/// <param name="LogProbability">
/// The sum over <paramref name="TokenIds"/> of each token's log-probability under the model's own softmax (temperature 1,
/// no filtering), whatever distribution it was drawn from: the quantity that policy-gradient and DPO losses need.
/// </param>
public sealed record GeneratedSequence(IReadOnlyList<int> TokenIds, bool StoppedAtEos, double LogProbability);
