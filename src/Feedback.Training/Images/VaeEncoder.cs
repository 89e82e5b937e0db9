using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>Images [batch, 3, size, size] in -1..1 to the mean and log-variance of latents [batch, latent, size/4, size/4].</summary>
internal sealed class VaeEncoder : nn.Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    [ComponentName(Name = "conv_in")]
    private readonly Conv2d _convIn;

    [ComponentName(Name = "res0")]
    private readonly ResidualBlock _res0;

    [ComponentName(Name = "down0")]
    private readonly Conv2d _down0;

    [ComponentName(Name = "res1")]
    private readonly ResidualBlock _res1;

    [ComponentName(Name = "down1")]
    private readonly Conv2d _down1;

    [ComponentName(Name = "res2")]
    private readonly ResidualBlock _res2;

    [ComponentName(Name = "norm_out")]
    private readonly GroupNormalization _normOut;

    [ComponentName(Name = "conv_out")]
    private readonly Conv2d _convOut;

    public VaeEncoder(ImageModelConfig config)
        : base(nameof(VaeEncoder))
    {
        var (c, groups) = (config.VaeChannels, config.GroupNormGroups);
        _convIn = nn.Conv2d(3, c, 3, padding: 1);
        _res0 = new ResidualBlock(c, c, groups);
        _down0 = nn.Conv2d(c, c, 3, stride: 2, padding: 1);
        _res1 = new ResidualBlock(c, 2 * c, groups);
        _down1 = nn.Conv2d(2 * c, 2 * c, 3, stride: 2, padding: 1);
        _res2 = new ResidualBlock(2 * c, 2 * c, groups);
        _normOut = new GroupNormalization(groups, 2 * c);
        _convOut = nn.Conv2d(2 * c, 2 * config.LatentChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVariance) forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = _res0.call(_convIn.call(input));
        hidden = _res1.call(_down0.call(hidden));
        hidden = _res2.call(_down1.call(hidden));
        var moments = _convOut.call(nn.functional.silu(_normOut.call(hidden))).chunk(2, 1);
        return (moments[0].MoveToOuterDisposeScope(), moments[1].clamp(-30, 20).MoveToOuterDisposeScope());
    }
}
