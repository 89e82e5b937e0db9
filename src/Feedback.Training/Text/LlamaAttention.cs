using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>
/// Causal self-attention with rotary positions and grouped-query key/value heads, no biases. The projections are run
/// through call() rather than forward() so that forward hooks (low-rank adapters) apply; without hooks the two are the same.
/// </summary>
internal sealed class LlamaAttention : nn.Module
{
    [ComponentName(Name = "q_proj")]
    private readonly Linear _queryProjection;

    [ComponentName(Name = "k_proj")]
    private readonly Linear _keyProjection;

    [ComponentName(Name = "v_proj")]
    private readonly Linear _valueProjection;

    [ComponentName(Name = "o_proj")]
    private readonly Linear _outputProjection;

    private readonly int _heads;
    private readonly int _keyValueHeads;
    private readonly int _headDim;

    public LlamaAttention(LlamaConfig config)
        : base(nameof(LlamaAttention))
    {
        _heads = config.NumAttentionHeads;
        _keyValueHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _queryProjection = nn.Linear(config.HiddenSize, _heads * _headDim, hasBias: false);
        _keyProjection = nn.Linear(config.HiddenSize, _keyValueHeads * _headDim, hasBias: false);
        _valueProjection = nn.Linear(config.HiddenSize, _keyValueHeads * _headDim, hasBias: false);
        _outputProjection = nn.Linear(_heads * _headDim, config.HiddenSize, hasBias: false);
        RegisterComponents();
    }

    /// <param name="hidden">[batch, seq, hidden]</param>
    /// <param name="cos">[batch, seq, headDim]</param>
    /// <param name="sin">[batch, seq, headDim]</param>
    /// <param name="keep">[batch, 1, seq, past + seq] bool: which keys each query may attend to.</param>
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, Tensor keep, KvCache? cache, int layerIndex)
    {
        var batch = hidden.shape[0];
        var length = hidden.shape[1];
        var queries = SplitHeads(_queryProjection.call(hidden), batch, length, _heads);
        var keys = SplitHeads(_keyProjection.call(hidden), batch, length, _keyValueHeads);
        var values = SplitHeads(_valueProjection.call(hidden), batch, length, _keyValueHeads);

        queries = RotaryEmbedding.Apply(queries, cos, sin);
        keys = RotaryEmbedding.Apply(keys, cos, sin);
        if (cache is not null)
        {
            (keys, values) = cache.Append(layerIndex, keys, values);
        }

        keys = RepeatKeyValueHeads(keys);
        values = RepeatKeyValueHeads(values);

        var scores = queries.matmul(keys.transpose(2, 3)) * (1.0 / Math.Sqrt(_headDim));
        scores = scores.masked_fill(keep.logical_not(), float.MinValue);
        var weights = nn.functional.softmax(scores, -1, ScalarType.Float32).to_type(queries.dtype);
        var attended = weights.matmul(values).transpose(1, 2).reshape(batch, length, _heads * _headDim);
        return _outputProjection.call(attended);
    }

    private Tensor SplitHeads(Tensor projected, long batch, long length, int heads) =>
        projected.view(batch, length, heads, _headDim).transpose(1, 2);

    /// <summary>[batch, kvHeads, len, headDim] to [batch, heads, len, headDim]: each key/value head serves a group of query heads.</summary>
    private Tensor RepeatKeyValueHeads(Tensor states)
    {
        var groups = _heads / _keyValueHeads;
        if (groups == 1)
        {
            return states;
        }

        var (batch, length) = (states.shape[0], states.shape[2]);
        return states.unsqueeze(2)
            .expand(batch, _keyValueHeads, groups, length, _headDim)
            .reshape(batch, _heads, length, _headDim);
    }
}
