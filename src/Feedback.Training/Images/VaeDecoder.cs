using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>Latents [batch, latent, size/4, size/4] back to images [batch, 3, size, size] in about -1..1; upsampling is nearest-neighbour then a convolution.</summary>
internal sealed class VaeDecoder : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv_in")]
    private readonly Conv2d _convIn;

    [ComponentName(Name = "res0")]
    private readonly ResidualBlock _res0;

    [ComponentName(Name = "up0")]
    private readonly Conv2d _up0;

    [ComponentName(Name = "res1")]
    private readonly ResidualBlock _res1;

    [ComponentName(Name = "up1")]
    private readonly Conv2d _up1;

    [ComponentName(Name = "res2")]
    private readonly ResidualBlock _res2;

    [ComponentName(Name = "norm_out")]
    private readonly GroupNormalization _normOut;

    [ComponentName(Name = "conv_out")]
    private readonly Conv2d _convOut;

    public VaeDecoder(ImageModelConfig config)
        : base(nameof(VaeDecoder))
    {
        var (c, groups) = (config.VaeChannels, config.GroupNormGroups);
        _convIn = nn.Conv2d(config.LatentChannels, 2 * c, 3, padding: 1);
        _res0 = new ResidualBlock(2 * c, 2 * c, groups);
        _up0 = nn.Conv2d(2 * c, 2 * c, 3, padding: 1);
        _res1 = new ResidualBlock(2 * c, c, groups);
        _up1 = nn.Conv2d(c, c, 3, padding: 1);
        _res2 = new ResidualBlock(c, c, groups);
        _normOut = new GroupNormalization(groups, c);
        _convOut = nn.Conv2d(c, 3, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = _res0.call(_convIn.call(input));
        hidden = _res1.call(_up0.call(Upsample(hidden)));
        hidden = _res2.call(_up1.call(Upsample(hidden)));
        return _convOut.call(nn.functional.silu(_normOut.call(hidden))).MoveToOuterDisposeScope();
    }

    internal static Tensor Upsample(Tensor input) =>
        nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
}
