using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// The text-to-image model: the VAE (vae.*), the caption encoder (text_encoder.*) and the denoiser (unet.*), with the
/// operations training and sampling need. Latents handed in and out are already multiplied by the config's latent scale.
/// </summary>
public sealed class LatentDiffusionModel : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "vae")]
    private readonly SceneVae _vae;

    [ComponentName(Name = "text_encoder")]
    private readonly CaptionEncoder _textEncoder;

    [ComponentName(Name = "unet")]
    private readonly DenoisingUNet _unet;

    public LatentDiffusionModel(ImageModelConfig config)
        : base(nameof(LatentDiffusionModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Schedule = new NoiseSchedule(config);
        _vae = new SceneVae(config);
        _textEncoder = new CaptionEncoder(config);
        _unet = new DenoisingUNet(config);
        RegisterComponents();
    }

    public ImageModelConfig Config { get; private set; }

    public NoiseSchedule Schedule { get; }

    public Device Device => _unet.parameters().First().device;

    public long ParameterCount => parameters().Sum(p => p.numel());

    public long VaeParameterCount => _vae.parameters().Sum(p => p.numel());

    internal SceneVae Vae => _vae;

    internal CaptionEncoder TextEncoder => _textEncoder;

    internal DenoisingUNet UNet => _unet;

    public override Tensor forward(Tensor input) => throw new NotSupportedException("Use EncodeCaptions, PredictNoise and Decode.");

    /// <summary>Sets the factor latents are scaled by (measured on the data once the VAE is trained).</summary>
    public void SetLatentScale(float scale) => Config = Config with { LatentScale = scale };

    /// <param name="images">[batch, 3, size, size] in -1..1.</param>
    /// <returns>Scaled latent means [batch, latent, size/4, size/4].</returns>
    public Tensor EncodeImages(Tensor images)
    {
        using var scope = NewDisposeScope();
        return (_vae.Encoder.call(images).Mean * Config.LatentScale).MoveToOuterDisposeScope();
    }

    /// <param name="latents">Scaled latents.</param>
    /// <returns>Images [batch, 3, size, size], about -1..1.</returns>
    public Tensor Decode(Tensor latents)
    {
        using var scope = NewDisposeScope();
        return _vae.Decoder.call(latents / Config.LatentScale).MoveToOuterDisposeScope();
    }

    /// <param name="tokenIds">[batch, maxTokens] int64, from <see cref="CaptionTokenizer"/>.</param>
    public Tensor EncodeCaptions(Tensor tokenIds) => _textEncoder.call(tokenIds);

    public Tensor EncodeCaptions(IReadOnlyList<string> captions)
    {
        var ids = CaptionTokenizer.Default.EncodeBatch(captions, Config.MaxTokens);
        using var tokens = tensor(ids, [captions.Count, Config.MaxTokens], device: Device);
        return _textEncoder.call(tokens);
    }

    public Tensor PredictNoise(Tensor latents, Tensor timesteps, Tensor context) => _unet.Forward(latents, timesteps, context);

    /// <summary>Every parameter by name, detached and sharing storage.</summary>
    public IReadOnlyDictionary<string, Tensor> ExportWeights() =>
        named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter.detach(), StringComparer.Ordinal);

    /// <summary>Copies weights by name; every parameter must be there with its shape, and no others.</summary>
    public void LoadWeights(IReadOnlyDictionary<string, Tensor> weights) => Text.NamedWeights.Load(this, weights, _ => false);
}
