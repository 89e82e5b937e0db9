using System.Text.Json;

namespace Feedback.Training.Images.Preference;

/// <summary>The shape of an image reward model: its image size and its caption encoder's.</summary>
public sealed record ImageRewardConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ModelType { get; init; } = "feedback-image-reward";

    public int ImageSize { get; init; } = 32;

    public int VocabSize { get; init; } = CaptionTokenizer.Default.VocabSize;

    public int MaxTokens { get; init; } = CaptionTokenizer.DefaultMaxTokens;

    public int TextWidth { get; init; } = 64;

    public int TextLayers { get; init; } = 2;

    public int Heads { get; init; } = 4;

    /// <summary>The reward model's caption encoder has the shape of the image model it learned alongside.</summary>
    public static ImageRewardConfig From(ImageModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ImageRewardConfig
        {
            ImageSize = model.ImageSize, VocabSize = model.VocabSize, MaxTokens = model.MaxTokens,
            TextWidth = model.TextWidth, TextLayers = model.TextLayers, Heads = model.Heads,
        };
    }

    internal ImageModelConfig CaptionConfig() => new()
    {
        ImageSize = ImageSize, VocabSize = VocabSize, MaxTokens = MaxTokens, TextWidth = TextWidth, TextLayers = TextLayers, Heads = Heads,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ImageRewardConfig FromJson(string json)
    {
        var config = JsonSerializer.Deserialize<ImageRewardConfig>(json, JsonOptions) ?? throw new InvalidDataException("The reward model's config is empty.");
        if (config.ModelType != "feedback-image-reward" || config.ImageSize % 8 != 0 || config.ImageSize <= 0)
        {
            throw new InvalidDataException($"Not an image reward model config (model type '{config.ModelType}', image size {config.ImageSize}).");
        }

        return config;
    }
}
