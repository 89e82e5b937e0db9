using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// Each position of a feature map attends to the caption's token embeddings (queries from the normed features, keys
/// and values from the text), and the result is added back. The output projection starts at zero, so a new block
/// passes its input through unchanged.
/// </summary>
internal sealed class CrossAttentionBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "norm")]
    private readonly GroupNormalization _norm;

    [ComponentName(Name = "to_q")]
    private readonly Linear _toQuery;

    [ComponentName(Name = "to_k")]
    private readonly Linear _toKey;

    [ComponentName(Name = "to_v")]
    private readonly Linear _toValue;

    [ComponentName(Name = "to_out")]
    private readonly Linear _toOut;

    private readonly int _heads;

    public CrossAttentionBlock(int channels, int contextWidth, int heads, int groups)
        : base(nameof(CrossAttentionBlock))
    {
        _heads = heads;
        _norm = new GroupNormalization(groups, channels);
        _toQuery = nn.Linear(channels, channels, hasBias: false);
        _toKey = nn.Linear(contextWidth, channels, hasBias: false);
        _toValue = nn.Linear(contextWidth, channels, hasBias: false);
        _toOut = nn.Linear(channels, channels);
        RegisterComponents();
        using var noGrad = no_grad();
        _toOut.weight!.zero_();
        _toOut.bias!.zero_();
    }

    public override Tensor forward(Tensor input) => throw new NotSupportedException("Cross-attention needs the caption's embeddings.");

    /// <param name="input">[batch, channels, height, width]</param>
    /// <param name="context">[batch, tokens, contextWidth]</param>
    public Tensor Forward(Tensor input, Tensor context)
    {
        using var scope = NewDisposeScope();
        var (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        var positions = _norm.call(input).reshape(batch, channels, height * width).transpose(1, 2);
        var attended = MultiHeadAttention.Compute(_toQuery.call(positions), _toKey.call(context), _toValue.call(context), _heads);
        var output = _toOut.call(attended).transpose(1, 2).reshape(batch, channels, height, width);
        return (input + output).MoveToOuterDisposeScope();
    }
}
