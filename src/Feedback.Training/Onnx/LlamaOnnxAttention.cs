using Feedback.Training.Text;

namespace Feedback.Training.Onnx;

/// <summary>
/// One layer's grouped-query self-attention with a key/value cache: project, apply rotary positions, append the new
/// keys and values to the past ones (the present outputs), repeat them for every query head, attend, project back.
/// </summary>
internal sealed class LlamaOnnxAttention
{
    private readonly OnnxGraphBuilder _builder;
    private readonly LlamaConfig _config;
    private readonly LlamaOnnxWeights _weights;
    private readonly LlamaOnnxRotary _rotary;
    private readonly string _attendable;
    private readonly string _queryHeadsShape;
    private readonly string _keyValueHeadsShape;

    /// <param name="attendable">bool [batch, 1, seq, total] from <see cref="LlamaOnnxAttentionMask"/>.</param>
    /// <param name="tokensShape">int64 [2]: batch and seq, the shape of input_ids.</param>
    public LlamaOnnxAttention(
        OnnxGraphBuilder builder, LlamaConfig config, LlamaOnnxWeights weights, LlamaOnnxRotary rotary, string attendable, string tokensShape)
    {
        _builder = builder;
        _config = config;
        _weights = weights;
        _rotary = rotary;
        _attendable = attendable;
        _queryHeadsShape = builder.Concat(
            [tokensShape, builder.Int64s(config.NumAttentionHeads, config.HeadDim)], 0, "/model/query_heads_shape");
        _keyValueHeadsShape = builder.Concat(
            [tokensShape, builder.Int64s(config.NumKeyValueHeads, config.HeadDim)], 0, "/model/key_value_heads_shape");
    }

    /// <param name="normalized">float [batch * seq, hidden]: the layer's normalized input.</param>
    /// <returns>float [batch * seq, hidden]: the attention output, before the residual connection.</returns>
    public string Build(int layer, string normalized)
    {
        var prefix = $"/model/layers.{layer}/self_attn/";
        var queries = _rotary.Apply(Heads(_weights.QueryProjection(layer), normalized, _queryHeadsShape, prefix + "q_"), prefix + "q_");
        var newKeys = _rotary.Apply(Heads(_weights.KeyProjection(layer), normalized, _keyValueHeadsShape, prefix + "k_"), prefix + "k_");
        var newValues = Heads(_weights.ValueProjection(layer), normalized, _keyValueHeadsShape, prefix + "v_");

        var keys = _builder.Concat([LlamaOnnxSignature.PastKey(layer), newKeys], 2, LlamaOnnxSignature.PresentKey(layer));
        var values = _builder.Concat([LlamaOnnxSignature.PastValue(layer), newValues], 2, LlamaOnnxSignature.PresentValue(layer));

        var keysTransposed = _builder.Transpose(RepeatForQueryHeads(keys, prefix + "k_"), [0, 1, 3, 2], prefix + "k_transposed");
        var products = _builder.MatMul(queries, keysTransposed, prefix + "q_dot_k");
        var scores = _builder.Mul(products, _builder.FloatScalar(1f / MathF.Sqrt(_config.HeadDim)), prefix + "scores");

        // Replacing masked scores (rather than adding a large negative) keeps rows with no visible key, such as
        // left padding's queries, finite: they become uniform instead of NaN.
        var masked = _builder.Graph.AddNode("Where", [_attendable, scores, _builder.FloatScalar(float.MinValue)], [prefix + "masked_scores"]);
        var probabilities = prefix + "probabilities";
        _builder.Node("Softmax", [masked.Outputs[0]], probabilities).With("axis", -1L);

        var context = _builder.MatMul(probabilities, RepeatForQueryHeads(values, prefix + "v_"), prefix + "context");
        var tokensFirst = _builder.Transpose(context, [0, 2, 1, 3], prefix + "context_tokens_first");
        var flat = _builder.Reshape(
            tokensFirst, _builder.Int64s(-1, (long)_config.NumAttentionHeads * _config.HeadDim), prefix + "context_flat");
        return _builder.Linear(flat, _weights.OutputProjection(layer), prefix + "o_proj");
    }

    /// <returns>float [batch, heads, seq, head_dim].</returns>
    private string Heads(string weight, string normalized, string headsShape, string prefix)
    {
        var projected = _builder.Linear(normalized, weight, prefix + "proj");
        var split = _builder.Reshape(projected, headsShape, prefix + "heads_last");
        return _builder.Transpose(split, [0, 2, 1, 3], prefix + "heads");
    }

    /// <summary>[batch, kv_heads, total, d] to [batch, heads, total, d], query head h reading key/value head h / group.</summary>
    private string RepeatForQueryHeads(string keyValues, string prefix)
    {
        var group = _config.NumAttentionHeads / _config.NumKeyValueHeads;
        if (group == 1)
        {
            return keyValues;
        }

        var grouped = _builder.Unsqueeze(keyValues, [2], prefix + "grouped");
        var expanded = _builder.Binary("Expand", grouped, _builder.Int64s(1, 1, group, 1, 1), prefix + "expanded");
        return _builder.Reshape(
            expanded, _builder.Int64s(0, _config.NumAttentionHeads, -1, _config.HeadDim), prefix + "repeated");
    }
}
