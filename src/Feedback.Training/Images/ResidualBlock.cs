using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// conv(silu(norm(x))), plus a projection of the timestep embedding where there is one, then conv(silu(norm(h))),
/// added to the input (through a 1x1 convolution when the channel count changes).
/// </summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "norm1")]
    private readonly GroupNormalization _norm1;

    [ComponentName(Name = "conv1")]
    private readonly Conv2d _conv1;

    [ComponentName(Name = "time_proj")]
    private readonly Linear? _timeProjection;

    [ComponentName(Name = "norm2")]
    private readonly GroupNormalization _norm2;

    [ComponentName(Name = "conv2")]
    private readonly Conv2d _conv2;

    [ComponentName(Name = "skip")]
    private readonly Conv2d? _skip;

    public ResidualBlock(int inChannels, int outChannels, int groups, int? timeWidth = null)
        : base(nameof(ResidualBlock))
    {
        _norm1 = new GroupNormalization(groups, inChannels);
        _conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        _timeProjection = timeWidth is { } width ? nn.Linear(width, outChannels) : null;
        _norm2 = new GroupNormalization(groups, outChannels);
        _conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        _skip = inChannels == outChannels ? null : nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <param name="timeEmbedding">[batch, timeWidth], already through its MLP; null in blocks built without one.</param>
    public Tensor Forward(Tensor input, Tensor? timeEmbedding)
    {
        using var scope = NewDisposeScope();
        var hidden = _conv1.call(nn.functional.silu(_norm1.call(input)));
        if (_timeProjection is not null && timeEmbedding is not null)
        {
            hidden = hidden + _timeProjection.call(nn.functional.silu(timeEmbedding)).unsqueeze(-1).unsqueeze(-1);
        }

        hidden = _conv2.call(nn.functional.silu(_norm2.call(hidden)));
        var shortcut = _skip?.call(input) ?? input;
        return (shortcut + hidden).MoveToOuterDisposeScope();
    }
}
