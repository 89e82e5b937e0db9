using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// The frozen reference's summed answer log-probs of every pair, computed once before training so that the reference
/// model need not be kept or run again.
/// </summary>
public sealed class ReferenceLogProbs
{
    private readonly double[] _chosen;
    private readonly double[] _rejected;

    private ReferenceLogProbs(double[] chosen, double[] rejected)
    {
        _chosen = chosen;
        _rejected = rejected;
    }

    public static ReferenceLogProbs Compute(LlamaModel reference, IReadOnlyList<PreferencePair> pairs, int padId, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(pairs);
        var rows = pairs.Select(pair => (pair.Prompt, pair.Chosen))
            .Concat(pairs.Select(pair => (pair.Prompt, Answer: pair.Rejected)))
            .ToList();
        // As many rows at once as a training step runs: both answers of batchSize pairs.
        var all = SequenceLogProbs.Compute(reference, rows, padId, Math.Max(1, batchSize) * 2);
        return new ReferenceLogProbs(all[..pairs.Count], all[pairs.Count..]);
    }

    public double Chosen(int pair) => _chosen[pair];

    public double Rejected(int pair) => _rejected[pair];

    /// <summary>[indices] float tensors of the chosen and rejected reference log-probs of the given pairs.</summary>
    public (Tensor Chosen, Tensor Rejected) For(IReadOnlyList<int> indices, Device device)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(device);
        return (
            tensor(indices.Select(i => (float)_chosen[i]).ToArray(), ScalarType.Float32).to(device),
            tensor(indices.Select(i => (float)_rejected[i]).ToArray(), ScalarType.Float32).to(device));
    }
}
