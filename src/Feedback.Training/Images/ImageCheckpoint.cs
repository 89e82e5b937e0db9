using System.Text.Json;
using Feedback.Training.Checkpoints;
using Feedback.Training.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// An image model's checkpoint folder: model.safetensors (vae.*, text_encoder.*, unet.*), config.json, the three
/// exported ONNX parts (text_encoder.onnx, unet.onnx, vae_decoder.onnx) and checkpoint.sha256 over all of them.
/// A VAE-only folder, written by pretrain-vae, holds vae.safetensors instead and no ONNX.
/// </summary>
public static class ImageCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string VaeWeightsFile = "vae.safetensors";
    public const string TextEncoderOnnx = "text_encoder.onnx";
    public const string UNetOnnx = "unet.onnx";
    public const string VaeDecoderOnnx = "vae_decoder.onnx";
    public const string VocabularyFile = "caption_vocab.json";

    private const string VaePrefix = "vae.";

    /// <summary>Writes the weights and config, exports the ONNX parts, then the manifest over all of them.</summary>
    public static void Save(string folder, LatentDiffusionModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = model.ExportWeights();
        Write(folder, model.Config, weights, WeightsFile, metadata);
        File.WriteAllText(Path.Combine(folder, VocabularyFile), JsonSerializer.Serialize(CaptionTokenizer.Default.Vocabulary));
        ImageOnnxExporter.Export(model.Config, weights, folder);
        CheckpointManifest.Write(folder);
    }

    /// <summary>Writes only the VAE's weights (names without their vae. prefix) and the config, then the manifest.</summary>
    public static void SaveVae(string folder, LatentDiffusionModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = model.ExportWeights()
            .Where(pair => pair.Key.StartsWith(VaePrefix, StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key[VaePrefix.Length..], pair => pair.Value, StringComparer.Ordinal);
        Write(folder, model.Config, weights, VaeWeightsFile, metadata);
        CheckpointManifest.Write(folder);
    }

    /// <summary>Verifies the manifest, then builds the whole model from the folder on <paramref name="device"/>, in eval mode.</summary>
    public static LatentDiffusionModel Load(string folder, Device? device = null)
    {
        var config = Open(folder, WeightsFile);
        return Build(config, device, model => LoadWeights(folder, WeightsFile, weights => model.LoadWeights(weights)));
    }

    /// <summary>
    /// A new model with the VAE (and latent scale) of a pretrain-vae folder; its caption encoder and denoiser are freshly
    /// initialized, with <paramref name="uNetChannels"/> channels at the denoiser's first level when given (else the folder's).
    /// </summary>
    public static LatentDiffusionModel LoadVae(string folder, Device? device = null, int? uNetChannels = null)
    {
        var saved = Open(folder, VaeWeightsFile);
        var config = saved with { UNetChannels = uNetChannels ?? saved.UNetChannels };
        return Build(config, device, model => LoadWeights(folder, VaeWeightsFile, weights => Text.NamedWeights.Load(model.Vae, weights, _ => false)));
    }

    public static ImageModelConfig ReadConfig(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint {folder} has no {ConfigFile}.", path);
        }

        try
        {
            return ImageModelConfig.FromJson(File.ReadAllText(path));
        }
        catch (Exception error) when (error is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {error.Message}", error);
        }
    }

    private static void Write(string folder, ImageModelConfig config, IReadOnlyDictionary<string, Tensor> weights, string file, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        foreach (var stale in new[] { CheckpointManifest.FileName, TextEncoderOnnx, UNetOnnx, VaeDecoderOnnx })
        {
            File.Delete(Path.Combine(folder, stale));
        }

        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["format"] = "pt" };
        Safetensors.Write(Path.Combine(folder, file), weights, allMetadata);
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJson());
    }

    private static ImageModelConfig Open(string folder, string weightsFile)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The checkpoint folder {folder} does not exist.");
        }

        CheckpointManifest.Verify(folder, [ConfigFile, weightsFile]);
        return ReadConfig(folder);
    }

    // The tensors read from the file are copied into the model and then freed.
    internal static void LoadWeights(string folder, string file, Action<IReadOnlyDictionary<string, Tensor>> load)
    {
        var weights = Safetensors.Read(Path.Combine(folder, file));
        try
        {
            load(weights);
        }
        finally
        {
            foreach (var weight in weights.Values)
            {
                weight.Dispose();
            }
        }
    }

    private static LatentDiffusionModel Build(ImageModelConfig config, Device? device, Action<LatentDiffusionModel> load)
    {
        var model = new LatentDiffusionModel(config);
        try
        {
            if (device is not null)
            {
                model.to(device);
            }

            load(model);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
