using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// Pairs laid out as one batch for a single forward pass: rows 0..n-1 are prompt + chosen, rows n..2n-1 the same
/// prompts + rejected, right-padded.
/// </summary>
public sealed class PreferenceBatch : IDisposable
{
    private PreferenceBatch(PromptAnswerBatch sequences, Tensor margins, int pairs)
    {
        Sequences = sequences;
        Margins = margins;
        Pairs = pairs;
    }

    public PromptAnswerBatch Sequences { get; }

    /// <summary>[pairs] float: each pair's margin.</summary>
    public Tensor Margins { get; }

    public int Pairs { get; }

    public static PreferenceBatch Create(IReadOnlyList<PreferencePair> pairs, int padId, Device device)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var rows = pairs.Select(pair => (pair.Prompt, pair.Chosen))
            .Concat(pairs.Select(pair => (pair.Prompt, Answer: pair.Rejected)))
            .ToList();
        var sequences = PromptAnswerBatch.Create(rows, padId, device);
        var margins = tensor(pairs.Select(pair => (float)pair.Margin).ToArray(), ScalarType.Float32).to(device);
        return new PreferenceBatch(sequences, margins, pairs.Count);
    }

    /// <summary>The chosen half of a per-row tensor [2n, ...].</summary>
    public Tensor Chosen(Tensor perRow)
    {
        ArgumentNullException.ThrowIfNull(perRow);
        return perRow.narrow(0, 0, Pairs);
    }

    /// <summary>The rejected half of a per-row tensor [2n, ...].</summary>
    public Tensor Rejected(Tensor perRow)
    {
        ArgumentNullException.ThrowIfNull(perRow);
        return perRow.narrow(0, Pairs, Pairs);
    }

    public void Dispose()
    {
        Sequences.Dispose();
        Margins.Dispose();
    }
}
