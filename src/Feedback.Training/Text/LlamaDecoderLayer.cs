using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>One pre-norm transformer block: x + attn(norm(x)), then h + mlp(norm(h)).</summary>
internal sealed class LlamaDecoderLayer : nn.Module
{
    [ComponentName(Name = "input_layernorm")]
    private readonly RmsNorm _inputNorm;

    [ComponentName(Name = "self_attn")]
    private readonly LlamaAttention _attention;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly RmsNorm _postAttentionNorm;

    [ComponentName(Name = "mlp")]
    private readonly LlamaMlp _mlp;

    private readonly int _layerIndex;

    public LlamaDecoderLayer(LlamaConfig config, int layerIndex)
        : base(nameof(LlamaDecoderLayer))
    {
        _inputNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        _attention = new LlamaAttention(config);
        _postAttentionNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        _mlp = new LlamaMlp(config);
        _layerIndex = layerIndex;
        RegisterComponents();
    }

    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, Tensor keep, KvCache? cache)
    {
        var attended = hidden + _attention.Forward(_inputNorm.forward(hidden), cos, sin, keep, cache, _layerIndex);
        return attended + _mlp.forward(_postAttentionNorm.forward(attended));
    }
}
