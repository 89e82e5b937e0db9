using System.Text.Json;
using Feedback.Training.Checkpoints;
using Feedback.Training.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// A reward model's folder, laid out as a text checkpoint: model.safetensors (the trunk under the policy's names plus
/// score.weight), config.json (architectures ["LlamaForSequenceClassification"], num_labels 1), the tokenizer's files
/// and checkpoint.sha256 over all of them.
/// </summary>
public static class RewardCheckpoint
{
    public static void Save(string folder, RewardModel model, ITextTokenizer tokenizer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        RequireTokenizerFits(model.Config, tokenizer, folder);

        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, CheckpointManifest.FileName));
        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["format"] = "pt",
        };
        Safetensors.Write(Path.Combine(folder, ShardedSafetensors.SingleFile), model.ExportWeights(), allMetadata);
        File.WriteAllText(Path.Combine(folder, TextCheckpoint.ConfigFile), model.Config.ToJson());
        tokenizer.Save(folder);
        CheckpointManifest.Write(folder);
    }

    /// <summary>
    /// Verifies checkpoint.sha256 where there is one (a missing or altered file throws <see cref="CheckpointCorruptException"/>
    /// naming it), then builds the reward model on <paramref name="device"/> in eval mode and loads the tokenizer.
    /// </summary>
    public static LoadedRewardModel Load(string folder, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The reward model folder {folder} does not exist.");
        }

        var verified = CheckpointManifest.Exists(folder);
        if (verified)
        {
            CheckpointManifest.Verify(folder, [TextCheckpoint.ConfigFile, .. ShardedSafetensors.Files(folder)]);
        }

        var config = ReadConfig(folder);
        var tokenizer = TextTokenizers.Load(folder);
        RequireTokenizerFits(config, tokenizer, folder);
        var model = new RewardModel(config);
        try
        {
            if (device is not null)
            {
                model.to(device);
            }

            var weights = ShardedSafetensors.Read(folder);
            try
            {
                model.LoadWeights(weights);
            }
            finally
            {
                foreach (var weight in weights.Values)
                {
                    weight.Dispose();
                }
            }

            model.eval();
            return new LoadedRewardModel(folder, model, tokenizer, verified);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static LlamaConfig ReadConfig(string folder)
    {
        var path = Path.Combine(folder, TextCheckpoint.ConfigFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Reward model {folder} has no {TextCheckpoint.ConfigFile}.", path);
        }

        try
        {
            return LlamaConfig.Parse(File.ReadAllText(path));
        }
        catch (Exception error) when (error is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {error.Message}", error);
        }
    }

    private static void RequireTokenizerFits(LlamaConfig config, ITextTokenizer tokenizer, string folder)
    {
        if (tokenizer.VocabSize > config.VocabSize)
        {
            throw new InvalidDataException(
                $"The tokenizer of {folder} produces ids up to {tokenizer.VocabSize - 1}, beyond the model's vocab_size {config.VocabSize}.");
        }
    }
}
