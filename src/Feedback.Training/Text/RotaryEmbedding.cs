using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>
/// Rotary position embeddings in the "rotate half" layout: the first and second halves of each head's features form the
/// rotated pairs, with inv_freq[i] = 1 / theta^(2i / headDim) and the angles repeated for both halves.
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>Cosines and sines for <paramref name="positionIds"/> [batch, seq]: each [batch, seq, headDim], fp32.</summary>
    public static (Tensor Cos, Tensor Sin) Angles(Tensor positionIds, int headDim, double theta)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, headDim, 2, ScalarType.Int64, positionIds.device).to_type(ScalarType.Float32) / headDim;
        var inverseFrequencies = pow(theta, exponents).reciprocal();
        var frequencies = positionIds.to_type(ScalarType.Float32).unsqueeze(-1) * inverseFrequencies.view(1, 1, -1);
        var angles = cat([frequencies, frequencies], -1);
        return (angles.cos().MoveToOuterDisposeScope(), angles.sin().MoveToOuterDisposeScope());
    }

    /// <summary>Rotates <paramref name="states"/> [batch, heads, seq, headDim] by angles [batch, seq, headDim].</summary>
    public static Tensor Apply(Tensor states, Tensor cos, Tensor sin)
    {
        var cosPerHead = cos.unsqueeze(1).to_type(states.dtype);
        var sinPerHead = sin.unsqueeze(1).to_type(states.dtype);
        return (states * cosPerHead) + (RotateHalf(states) * sinPerHead);
    }

    /// <summary>cat(-x2, x1) where x1 and x2 are the first and second halves of the last dimension.</summary>
    public static Tensor RotateHalf(Tensor states)
    {
        var half = states.shape[^1] / 2;
        var first = states.narrow(-1, 0, half);
        var second = states.narrow(-1, half, half);
        return cat([second.neg(), first], -1);
    }
}
