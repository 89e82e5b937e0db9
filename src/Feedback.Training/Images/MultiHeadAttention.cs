using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>Scaled dot-product attention over heads, without masks: every query sees every key.</summary>
internal static class MultiHeadAttention
{
    /// <param name="query">[batch, queries, width]</param>
    /// <param name="key">[batch, keys, width]</param>
    /// <param name="value">[batch, keys, width]</param>
    /// <returns>[batch, queries, width]</returns>
    public static Tensor Compute(Tensor query, Tensor key, Tensor value, int heads)
    {
        using var scope = NewDisposeScope();
        var (batch, queries, width) = (query.shape[0], query.shape[1], query.shape[2]);
        var headWidth = width / heads;
        var q = query.reshape(batch, queries, heads, headWidth).transpose(1, 2);
        var k = key.reshape(batch, key.shape[1], heads, headWidth).transpose(1, 2);
        var v = value.reshape(batch, value.shape[1], heads, headWidth).transpose(1, 2);
        var weights = (q.matmul(k.transpose(2, 3)) * (1.0 / Math.Sqrt(headWidth))).softmax(-1);
        return weights.matmul(v).transpose(1, 2).reshape(batch, queries, width).MoveToOuterDisposeScope();
    }
}
