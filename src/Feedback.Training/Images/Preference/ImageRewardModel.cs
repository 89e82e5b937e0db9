using TorchSharp;
using Feedback.Training.Images.Adherence;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>
/// Scores how much raters would like an image for its caption: a convolutional image encoder (the adherence
/// classifier's, whose readout of shapes, counts and background it keeps), a caption encoder (the image model's),
/// and a scalar head over the image features, the pooled caption and their product, plus a caption-weighted sum of
/// the readout probabilities, so that "this caption asks for these counts" is easy to learn from few pairs.
/// </summary>
public sealed class ImageRewardModel : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "image_encoder")]
    private readonly AdherenceClassifier _imageEncoder;

    [ComponentName(Name = "caption_encoder")]
    private readonly CaptionEncoder _captionEncoder;

    [ComponentName(Name = "caption_proj")]
    private readonly Linear _captionProjection;

    [ComponentName(Name = "readout_weights")]
    private readonly Linear _readoutWeights;

    [ComponentName(Name = "head_hidden")]
    private readonly Linear _headHidden;

    [ComponentName(Name = "head_out")]
    private readonly Linear _headOut;

    public ImageRewardModel(ImageRewardConfig config)
        : base(nameof(ImageRewardModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        const int width = AdherenceClassifier.FeatureWidth;
        _imageEncoder = new AdherenceClassifier(config.ImageSize);
        _captionEncoder = new CaptionEncoder(config.CaptionConfig());
        _captionProjection = nn.Linear(config.TextWidth, width);
        _readoutWeights = nn.Linear(config.TextWidth, SceneReadout.Outputs);
        _headHidden = nn.Linear(3 * width, width);
        _headOut = nn.Linear(width, 1);
        RegisterComponents();
    }

    public ImageRewardConfig Config { get; }

    public Device Device => _headOut.weight!.device;

    /// <summary>A reward model whose image encoder starts as <paramref name="classifier"/> and caption encoder as the image model's.</summary>
    public static ImageRewardModel FromPretrained(AdherenceClassifier classifier, LatentDiffusionModel imageModel)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(imageModel);
        var model = new ImageRewardModel(ImageRewardConfig.From(imageModel.Config) with { ImageSize = classifier.ImageSize });
        using var noGrad = no_grad();
        Copy(classifier, model._imageEncoder);
        Copy(imageModel.TextEncoder, model._captionEncoder);
        return model.to(imageModel.Device);
    }

    public override Tensor forward(Tensor input) => throw new NotSupportedException("A reward needs the caption: use Score.");

    /// <param name="images">[batch, 3, size, size] in -1..1.</param>
    /// <param name="tokens">[batch, maxTokens] caption ids.</param>
    /// <returns>[batch] rewards.</returns>
    public Tensor Score(Tensor images, Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(tokens);
        using var scope = NewDisposeScope();
        var (features, logits) = _imageEncoder.Encode(images);
        var mask = tokens.ne(CaptionTokenizer.PadId).to(ScalarType.Float32).unsqueeze(-1);
        var pooled = (_captionEncoder.call(tokens) * mask).sum(1) / mask.sum(1).clamp_min(1);
        var caption = _captionProjection.call(pooled);
        var hidden = nn.functional.silu(_headHidden.call(cat([features, caption, features * caption], 1)));
        var readout = (AdherenceClassifier.Probabilities(logits) * _readoutWeights.call(pooled)).sum(1);
        return (_headOut.call(hidden).squeeze(-1) + readout).MoveToOuterDisposeScope();
    }

    public Tensor Score(Tensor images, IReadOnlyList<string> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        using var tokens = tensor(CaptionTokenizer.Default.EncodeBatch(captions, Config.MaxTokens), [captions.Count, Config.MaxTokens], device: Device);
        return Score(images, tokens);
    }

    private static void Copy(nn.Module from, nn.Module to)
    {
        var source = from.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (name, parameter) in to.named_parameters())
        {
            parameter.copy_(source[name]);
        }
    }
}
