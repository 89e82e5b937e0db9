using System.Text.Json;
using Feedback.Training.Text;
using Feedback.Training.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Checkpoints;

/// <summary>
/// A text model's checkpoint folder, laid out as Hugging Face lays out a Llama: model.safetensors, config.json and the
/// tokenizer's files, plus checkpoint.sha256 over all of them, and room for the model.onnx exported from the weights.
/// </summary>
public static class TextCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string OnnxFile = "model.onnx";

    /// <summary>
    /// Writes the weights, config and tokenizer into <paramref name="folder"/> and then the manifest. A model.onnx or
    /// manifest left there from before describes other weights, so both are removed first.
    /// </summary>
    public static void Save(string folder, LlamaModel model, ITextTokenizer tokenizer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        WriteFolder(folder, model.Config, model.ExportWeights(), tokenizer, metadata);
    }

    /// <summary>The weights, config and tokenizer of any model with a Llama trunk, then the manifest over them.</summary>
    internal static void WriteFolder(
        string folder, LlamaConfig config, IReadOnlyDictionary<string, Tensor> weights, ITextTokenizer tokenizer, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(tokenizer);
        RequireTokenizerFits(config, tokenizer, folder);

        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, CheckpointManifest.FileName));
        File.Delete(Path.Combine(folder, OnnxFile));

        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            // Hugging Face's loader refuses safetensors files that do not say which framework wrote them.
            ["format"] = "pt",
        };
        Safetensors.Write(Path.Combine(folder, ShardedSafetensors.SingleFile), weights, allMetadata);
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJson());
        tokenizer.Save(folder);
        WriteManifest(folder);
    }

    /// <summary>Hashes every file in the folder (a model.onnx written after <see cref="Save"/> included) into checkpoint.sha256.</summary>
    public static IReadOnlyDictionary<string, string> WriteManifest(string folder) => CheckpointManifest.Write(folder);

    /// <summary>
    /// Verifies checkpoint.sha256 where there is one (a missing or altered file, or a config or weights file the manifest
    /// does not list, throws <see cref="CheckpointCorruptException"/> naming it), then builds the model from config.json and the weights (single or sharded safetensors, any of F32, F16
    /// or BF16, computed in fp32) on <paramref name="device"/> in eval mode, and loads the tokenizer.
    /// </summary>
    public static LoadedTextCheckpoint Load(string folder, Device? device = null)
    {
        var (config, tokenizer, verified) = OpenFolder(folder);
        var model = LoadWeightsInto(folder, new LlamaModel(config), device, (m, weights) => m.LoadWeights(weights));
        return new LoadedTextCheckpoint(folder, config, model, tokenizer, verified);
    }

    /// <summary>
    /// Checks a folder of a model with a Llama trunk: it exists, its manifest (where there is one) matches, its config
    /// parses and its tokenizer fits the vocabulary.
    /// </summary>
    internal static (LlamaConfig Config, ITextTokenizer Tokenizer, bool Verified) OpenFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The checkpoint folder {folder} does not exist.");
        }

        var verified = CheckpointManifest.Exists(folder);
        if (verified)
        {
            CheckpointManifest.Verify(folder, [ConfigFile, .. ShardedSafetensors.Files(folder)]);
        }

        var config = ReadConfig(folder);
        var tokenizer = TextTokenizers.Load(folder);
        RequireTokenizerFits(config, tokenizer, folder);
        return (config, tokenizer, verified);
    }

    /// <summary>Loads the folder's weights into <paramref name="model"/> on <paramref name="device"/> in eval mode; a model that fails to load is disposed.</summary>
    internal static TModel LoadWeightsInto<TModel>(string folder, TModel model, Device? device, Action<TModel, IReadOnlyDictionary<string, Tensor>> load)
        where TModel : nn.Module
    {
        try
        {
            if (device is not null)
            {
                model.to(device);
            }

            var weights = ShardedSafetensors.Read(folder);
            try
            {
                load(model, weights);
            }
            finally
            {
                foreach (var weight in weights.Values)
                {
                    weight.Dispose();
                }
            }

            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static LlamaConfig ReadConfig(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint {folder} has no {ConfigFile}.", path);
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
