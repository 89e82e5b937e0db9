using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Training.Images;

/// <summary>
/// The shape of a latent diffusion model: a VAE from <see cref="ImageSize"/> RGB images to latents a quarter as wide
/// with <see cref="LatentChannels"/> channels, a caption encoder and a U-Net denoiser with cross-attention, trained to
/// predict the noise on a linear DDPM schedule. Saved as config.json beside the weights.
/// </summary>
public sealed record ImageModelConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    [JsonPropertyName("model_type")]
    public string ModelType { get; init; } = "feedback-latent-diffusion";

    public int ImageSize { get; init; } = 32;

    public int VaeChannels { get; init; } = 16;

    public int LatentChannels { get; init; } = 4;

    /// <summary>Latents are multiplied by this before diffusion so that they have about unit variance, and divided before decoding.</summary>
    public float LatentScale { get; init; } = 1f;

    public int VocabSize { get; init; } = CaptionTokenizer.Default.VocabSize;

    public int MaxTokens { get; init; } = CaptionTokenizer.DefaultMaxTokens;

    public int TextWidth { get; init; } = 64;

    public int TextLayers { get; init; } = 2;

    public int Heads { get; init; } = 4;

    public int UNetChannels { get; init; } = 64;

    public int GroupNormGroups { get; init; } = 8;

    public int TrainTimesteps { get; init; } = 1000;

    public float BetaStart { get; init; } = 1e-4f;

    public float BetaEnd { get; init; } = 0.02f;

    [JsonIgnore]
    public int LatentSize => ImageSize / 4;

    [JsonIgnore]
    public int TimeEmbeddingWidth => UNetChannels * 4;

    public void Validate()
    {
        if (ImageSize < 8 || ImageSize % 4 != 0)
        {
            throw new InvalidDataException($"image_size must be a multiple of 4 from 8 up, not {ImageSize}.");
        }

        foreach (var (name, value) in new[] { ("vae_channels", VaeChannels), ("unet_channels", UNetChannels), ("text_width", TextWidth) })
        {
            if (value <= 0 || value % GroupNormGroups != 0 || value % Heads != 0)
            {
                throw new InvalidDataException($"{name} ({value}) must be a positive multiple of group_norm_groups ({GroupNormGroups}) and heads ({Heads}).");
            }
        }

        if (LatentChannels <= 0 || VocabSize <= 2 || MaxTokens <= 0 || TextLayers < 0 || TrainTimesteps < 2)
        {
            throw new InvalidDataException("latent_channels, vocab_size, max_tokens and train_timesteps must be positive.");
        }

        if (!(BetaStart > 0 && BetaEnd > BetaStart && BetaEnd < 1) || !(LatentScale > 0) || !float.IsFinite(LatentScale))
        {
            throw new InvalidDataException("The noise schedule needs 0 < beta_start < beta_end < 1, and latent_scale must be positive.");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ImageModelConfig FromJson(string json)
    {
        var config = JsonSerializer.Deserialize<ImageModelConfig>(json, JsonOptions)
            ?? throw new InvalidDataException("config.json is empty.");
        config.Validate();
        return config;
    }
}
