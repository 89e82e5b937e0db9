using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>The attention mask and position ids one forward pass needs, derived as Hugging Face's Llama derives them.</summary>
public static class AttentionInputs
{
    /// <summary>
    /// Which keys each query may attend to, [batch, 1, seq, past + seq] bool: keys at or before the query's own position
    /// that the padding mask keeps. A query at a padded position may keep nothing; attention then spreads evenly rather
    /// than producing NaN, and its output is ignored anyway.
    /// </summary>
    /// <param name="paddingMask">[batch, past + seq], 1 for a real token and 0 for padding; null when nothing is padded.</param>
    public static Tensor CausalMask(long batch, long sequenceLength, long pastLength, Tensor? paddingMask, Device device)
    {
        using var scope = NewDisposeScope();
        var totalLength = pastLength + sequenceLength;
        var queryPositions = arange(pastLength, totalLength, ScalarType.Int64, device).view(-1, 1);
        var keyPositions = arange(0, totalLength, ScalarType.Int64, device).view(1, -1);
        var keep = keyPositions.le(queryPositions).view(1, 1, sequenceLength, totalLength);
        if (paddingMask is not null)
        {
            RequireShape(paddingMask, batch, totalLength);
            keep = keep.logical_and(paddingMask.to(device).ne(0).view(batch, 1, 1, totalLength));
        }

        return keep.expand(batch, 1, sequenceLength, totalLength).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Position ids [batch, seq] for the tokens of this pass: past..past+seq-1 without padding; with padding, the count of
    /// real tokens before each one (cumsum(mask) - 1, clamped at 0), so that a left-padded sequence starts at position 0.
    /// </summary>
    public static Tensor PositionIds(long batch, long sequenceLength, long pastLength, Tensor? paddingMask, Device device)
    {
        using var scope = NewDisposeScope();
        if (paddingMask is null)
        {
            return arange(pastLength, pastLength + sequenceLength, ScalarType.Int64, device)
                .view(1, -1).expand(batch, sequenceLength).MoveToOuterDisposeScope();
        }

        RequireShape(paddingMask, batch, pastLength + sequenceLength);
        var positions = (paddingMask.to(device).to_type(ScalarType.Int64).cumsum(-1) - 1).clamp_min(0);
        return positions.narrow(1, pastLength, sequenceLength).MoveToOuterDisposeScope();
    }

    private static void RequireShape(Tensor paddingMask, long batch, long totalLength)
    {
        if (paddingMask.dim() != 2 || paddingMask.shape[0] != batch || paddingMask.shape[1] != totalLength)
        {
            throw new ArgumentException(
                $"The attention mask must be [batch, past + seq] = [{batch}, {totalLength}], got [{string.Join(", ", paddingMask.shape)}].",
                nameof(paddingMask));
        }
    }
}
