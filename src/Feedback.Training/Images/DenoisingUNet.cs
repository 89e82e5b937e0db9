using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// Predicts the noise in latents at a timestep, given the caption's token embeddings: a two-level U-Net (the latent
/// size, then half of it) of residual blocks that read the timestep embedding, each followed by cross-attention to the
/// caption, with skip connections from the way down to the way up.
/// </summary>
internal sealed class DenoisingUNet : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "time_mlp1")]
    private readonly Linear _timeMlp1;

    [ComponentName(Name = "time_mlp2")]
    private readonly Linear _timeMlp2;

    [ComponentName(Name = "conv_in")]
    private readonly Conv2d _convIn;

    [ComponentName(Name = "down0_res")]
    private readonly ResidualBlock _down0Res;

    [ComponentName(Name = "down0_attn")]
    private readonly CrossAttentionBlock _down0Attention;

    [ComponentName(Name = "down0_sample")]
    private readonly Conv2d _down0Sample;

    [ComponentName(Name = "down1_res")]
    private readonly ResidualBlock _down1Res;

    [ComponentName(Name = "down1_attn")]
    private readonly CrossAttentionBlock _down1Attention;

    [ComponentName(Name = "mid_res")]
    private readonly ResidualBlock _midRes;

    [ComponentName(Name = "mid_attn")]
    private readonly CrossAttentionBlock _midAttention;

    [ComponentName(Name = "up1_res")]
    private readonly ResidualBlock _up1Res;

    [ComponentName(Name = "up1_attn")]
    private readonly CrossAttentionBlock _up1Attention;

    [ComponentName(Name = "up1_sample")]
    private readonly Conv2d _up1Sample;

    [ComponentName(Name = "up0_res")]
    private readonly ResidualBlock _up0Res;

    [ComponentName(Name = "up0_attn")]
    private readonly CrossAttentionBlock _up0Attention;

    [ComponentName(Name = "norm_out")]
    private readonly GroupNormalization _normOut;

    [ComponentName(Name = "conv_out")]
    private readonly Conv2d _convOut;

    private readonly int _channels;

    public DenoisingUNet(ImageModelConfig config)
        : base(nameof(DenoisingUNet))
    {
        var (c, groups, heads, text, time) = (config.UNetChannels, config.GroupNormGroups, config.Heads, config.TextWidth, config.TimeEmbeddingWidth);
        _channels = c;
        _timeMlp1 = nn.Linear(c, time);
        _timeMlp2 = nn.Linear(time, time);
        _convIn = nn.Conv2d(config.LatentChannels, c, 3, padding: 1);
        _down0Res = new ResidualBlock(c, c, groups, time);
        _down0Attention = new CrossAttentionBlock(c, text, heads, groups);
        _down0Sample = nn.Conv2d(c, c, 3, stride: 2, padding: 1);
        _down1Res = new ResidualBlock(c, 2 * c, groups, time);
        _down1Attention = new CrossAttentionBlock(2 * c, text, heads, groups);
        _midRes = new ResidualBlock(2 * c, 2 * c, groups, time);
        _midAttention = new CrossAttentionBlock(2 * c, text, heads, groups);
        _up1Res = new ResidualBlock(4 * c, 2 * c, groups, time);
        _up1Attention = new CrossAttentionBlock(2 * c, text, heads, groups);
        _up1Sample = nn.Conv2d(2 * c, 2 * c, 3, padding: 1);
        _up0Res = new ResidualBlock(3 * c, c, groups, time);
        _up0Attention = new CrossAttentionBlock(c, text, heads, groups);
        _normOut = new GroupNormalization(groups, c);
        _convOut = nn.Conv2d(c, config.LatentChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => throw new NotSupportedException("The denoiser needs timesteps and the caption's embeddings.");

    /// <param name="latents">[batch, latent, s, s] noisy latents.</param>
    /// <param name="timesteps">[batch] float timesteps.</param>
    /// <param name="context">[batch, tokens, textWidth] caption embeddings.</param>
    /// <returns>The predicted noise, shaped like <paramref name="latents"/>.</returns>
    public Tensor Forward(Tensor latents, Tensor timesteps, Tensor context)
    {
        using var scope = NewDisposeScope();
        var time = _timeMlp2.call(nn.functional.silu(_timeMlp1.call(TimestepEmbedding.Compute(timesteps, _channels))));
        var hidden = _convIn.call(latents);
        var skip0 = _down0Attention.Forward(_down0Res.Forward(hidden, time), context);
        var skip1 = _down1Attention.Forward(_down1Res.Forward(_down0Sample.call(skip0), time), context);
        hidden = _midAttention.Forward(_midRes.Forward(skip1, time), context);
        hidden = _up1Attention.Forward(_up1Res.Forward(cat([hidden, skip1], 1), time), context);
        hidden = _up1Sample.call(VaeDecoder.Upsample(hidden));
        hidden = _up0Attention.Forward(_up0Res.Forward(cat([hidden, skip0], 1), time), context);
        return _convOut.call(nn.functional.silu(_normOut.call(hidden))).MoveToOuterDisposeScope();
    }
}
