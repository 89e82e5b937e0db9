using System.Text.Json;

namespace Feedback.Sampling.Diffusion;

/// <summary>What sampling needs to know of an image checkpoint, read from its config.json and caption vocabulary.</summary>
public sealed record DiffusionModelInfo(
    int ImageSize, int LatentChannels, int MaxTokens, int TrainTimesteps, double BetaStart, double BetaEnd, IReadOnlyList<string> Vocabulary)
{
    public const string ConfigFile = "config.json";
    public const string VocabularyFile = "caption_vocab.json";

    public int LatentSize => ImageSize / 4;

    public static DiffusionModelInfo Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ConfigFile)));
            var root = config.RootElement;
            var vocabulary = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(folder, VocabularyFile)))
                ?? throw new InvalidDataException($"{VocabularyFile} is empty.");
            var info = new DiffusionModelInfo(
                root.GetProperty("image_size").GetInt32(),
                root.GetProperty("latent_channels").GetInt32(),
                root.GetProperty("max_tokens").GetInt32(),
                root.GetProperty("train_timesteps").GetInt32(),
                root.GetProperty("beta_start").GetDouble(),
                root.GetProperty("beta_end").GetDouble(),
                vocabulary);
            return info.ImageSize > 0 && info.MaxTokens > 0 && info.TrainTimesteps > 1 && vocabulary.Length > 2
                ? info
                : throw new InvalidDataException("The image model's config has sizes out of range.");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FileNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{folder} is not an image checkpoint: {e.Message}", e);
        }
    }
}
