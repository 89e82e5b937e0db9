using TorchSharp;
using Feedback.Training.Images.Adherence;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>
/// Scores how much raters would like an image for its caption: a convolutional image encoder (the adherence
/// classifier's, whose readout of shapes, counts and background it keeps), a caption encoder (the image model's),
/// and a scalar head over the image features, the pooled caption and their product. Two more terms make "this
/// caption asks for these counts" easy to learn from a few hundred votes: a caption-weighted sum of the readout
/// probabilities, and a weighted sum of the readout probabilities of what the caption asks for, as the scene
/// grammar parses it (see <see cref="SceneReadout.Requirements"/>).
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

    [ComponentName(Name = "requirement_weights")]
    private readonly Parameter _requirementWeights;

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

        // The other terms start at zero and the requirement weights at one, so an untrained model scores an image by the
        // expected number of its caption's requirements the image meets, and votes refine that.
        _requirementWeights = new Parameter(ones(SceneReadout.Outputs));
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var parameter in new[] { _headOut.weight!, _headOut.bias!, _readoutWeights.weight!, _readoutWeights.bias! })
        {
            parameter.zero_();
        }
    }

    public ImageRewardConfig Config { get; }

    public Device Device => _headOut.weight!.device;

    /// <summary>
    /// What trains: by default only the weights of the caption's requirements (a few dozen numbers, which a few hundred
    /// noisy votes support); with <paramref name="fullHead"/> the rest of the head too; with <paramref name="encoders"/> everything.
    /// </summary>
    public IEnumerable<Parameter> TrainedParameters(bool fullHead, bool encoders) =>
        named_parameters()
            .Where(p => encoders || (!p.name.StartsWith("image_encoder.", StringComparison.Ordinal) && !p.name.StartsWith("caption_encoder.", StringComparison.Ordinal)))
            .Where(p => fullHead || encoders || p.name == "requirement_weights")
            .Select(p => p.parameter);

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
    /// <param name="requirements">[batch, readout outputs] from <see cref="SceneReadout.Requirements"/>.</param>
    /// <returns>[batch] rewards.</returns>
    public Tensor Score(Tensor images, Tensor tokens, Tensor requirements)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(requirements);
        using var scope = NewDisposeScope();
        var (features, logits) = _imageEncoder.Encode(images);
        var mask = tokens.ne(CaptionTokenizer.PadId).to(ScalarType.Float32).unsqueeze(-1);
        var pooled = (_captionEncoder.call(tokens) * mask).sum(1) / mask.sum(1).clamp_min(1);
        var caption = _captionProjection.call(pooled);
        var hidden = nn.functional.silu(_headHidden.call(cat([features, caption, features * caption], 1)));
        var probabilities = AdherenceClassifier.Probabilities(logits);
        var readout = (probabilities * _readoutWeights.call(pooled)).sum(1);
        var met = (probabilities * requirements * _requirementWeights).sum(1);
        return (_headOut.call(hidden).squeeze(-1) + readout + met).MoveToOuterDisposeScope();
    }

    public Tensor Score(Tensor images, IReadOnlyList<string> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        using var tokens = tensor(CaptionTokenizer.Default.EncodeBatch(captions, Config.MaxTokens), [captions.Count, Config.MaxTokens], device: Device);
        using var requirements = Requirements(captions, Device);
        return Score(images, tokens, requirements);
    }

    internal static Tensor Requirements(IReadOnlyList<string> captions, Device device)
    {
        var values = captions.SelectMany(SceneReadout.Requirements).ToArray();
        return tensor(values, [captions.Count, SceneReadout.Outputs], device: device);
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
