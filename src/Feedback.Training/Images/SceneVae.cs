using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>The variational autoencoder between 32x32 images and 8x8 latents: its encoder, its decoder, and the loss that trains both.</summary>
internal sealed class SceneVae : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "encoder")]
    private readonly VaeEncoder _encoder;

    [ComponentName(Name = "decoder")]
    private readonly VaeDecoder _decoder;

    public SceneVae(ImageModelConfig config)
        : base(nameof(SceneVae))
    {
        _encoder = new VaeEncoder(config);
        _decoder = new VaeDecoder(config);
        RegisterComponents();
    }

    public VaeEncoder Encoder => _encoder;

    public VaeDecoder Decoder => _decoder;

    /// <summary>The reconstruction of <paramref name="input"/> from its latents' means.</summary>
    public override Tensor forward(Tensor input) => _decoder.call(_encoder.call(input).Mean);

    /// <summary>Mean squared reconstruction error plus <paramref name="klWeight"/> times the KL divergence to N(0, 1), both per element.</summary>
    public (Tensor Loss, Tensor Reconstruction, Tensor Kl) Loss(Tensor images, double klWeight, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var (mean, logVariance) = _encoder.call(images);
        var latents = mean + ((0.5 * logVariance).exp() * randn(mean.shape, generator: generator, device: mean.device));
        var reconstruction = nn.functional.mse_loss(_decoder.call(latents), images);
        var kl = (0.5 * (mean.pow(2) + logVariance.exp() - 1 - logVariance)).mean();
        var loss = reconstruction + (klWeight * kl);
        return (loss.MoveToOuterDisposeScope(), reconstruction.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope());
    }
}
