using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// Group norm written out (per group of channels: subtract the mean, divide by the standard deviation, then scale
/// and shift per channel). LibTorch's fused CPU kernel gave non-finite gradients now and then on finite inputs.
/// </summary>
internal sealed class GroupNormalization : nn.Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-5;

    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    private readonly int _groups;

    public GroupNormalization(int groups, int channels)
        : base(nameof(GroupNormalization))
    {
        _groups = groups;
        _weight = new Parameter(ones(channels));
        _bias = new Parameter(zeros(channels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var grouped = input.reshape(input.shape[0], _groups, -1);
        var mean = grouped.mean([-1], keepdim: true);
        var centered = grouped - mean;
        var variance = centered.pow(2).mean([-1], keepdim: true);
        var normalized = (centered * (variance + Epsilon).rsqrt()).reshape(input.shape);
        var shape = new long[input.shape.Length];
        Array.Fill(shape, 1L);
        shape[1] = -1;
        return ((normalized * _weight.reshape(shape)) + _bias.reshape(shape)).MoveToOuterDisposeScope();
    }
}
