using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>The transformer body ("model." in Hugging Face's names): embedding, the decoder layers and the final norm.</summary>
internal sealed class LlamaDecoder : nn.Module
{
    [ComponentName(Name = "embed_tokens")]
    private readonly Embedding _embedTokens;

    [ComponentName(Name = "layers")]
    private readonly ModuleList<LlamaDecoderLayer> _layers;

    [ComponentName(Name = "norm")]
    private readonly RmsNorm _norm;

    private readonly LlamaConfig _config;

    public LlamaDecoder(LlamaConfig config)
        : base(nameof(LlamaDecoder))
    {
        _config = config;
        _embedTokens = nn.Embedding(config.VocabSize, config.HiddenSize);
        _layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(i => new LlamaDecoderLayer(config, i)).ToArray());
        _norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        RegisterComponents();
    }

    public Parameter EmbeddingWeight => _embedTokens.weight!;

    /// <summary>The final-normed hidden states [batch, seq, hidden]; see <see cref="LlamaModel.Forward"/> for the arguments.</summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask, Tensor? positionIds, KvCache? cache)
    {
        if (inputIds.dim() != 2)
        {
            throw new ArgumentException($"Input ids must be [batch, seq], got [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        }

        if (cache is not null && cache.LayerCount != _config.NumHiddenLayers)
        {
            throw new ArgumentException(
                $"The cache holds {cache.LayerCount} layers but the model has {_config.NumHiddenLayers}.", nameof(cache));
        }

        var (batch, length) = (inputIds.shape[0], inputIds.shape[1]);
        var pastLength = cache?.Length ?? 0;
        var device = _embedTokens.weight!.device;

        using var scope = NewDisposeScope();
        var positions = positionIds?.to(device) ?? AttentionInputs.PositionIds(batch, length, pastLength, attentionMask, device);
        if (positions.shape[0] != batch || positions.shape[1] != length)
        {
            throw new ArgumentException(
                $"Position ids must be [batch, seq] = [{batch}, {length}], got [{string.Join(", ", positions.shape)}].", nameof(positionIds));
        }

        var (cos, sin) = RotaryEmbedding.Angles(positions, _config.HeadDim, _config.RopeTheta);
        var keep = AttentionInputs.CausalMask(batch, length, pastLength, attentionMask, device);
        var hidden = _embedTokens.forward(inputIds.to(device).to_type(ScalarType.Int64));
        foreach (var layer in _layers)
        {
            hidden = layer.Forward(hidden, cos, sin, keep, cache);
        }

        return _norm.forward(hidden).MoveToOuterDisposeScope();
    }
}
