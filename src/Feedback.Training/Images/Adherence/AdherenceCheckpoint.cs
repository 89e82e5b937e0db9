using System.Text.Json;
using Feedback.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Adherence;

/// <summary>The adherence classifier's folder: model.safetensors, config.json (its image size) and checkpoint.sha256.</summary>
public static class AdherenceCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string ConfigFile = "config.json";

    private sealed record Config(string ModelType, int ImageSize);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Save(string folder, AdherenceClassifier classifier, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, CheckpointManifest.FileName));
        var weights = classifier.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach(), StringComparer.Ordinal);
        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["format"] = "pt" };
        Safetensors.Write(Path.Combine(folder, WeightsFile), weights, allMetadata);
        File.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(new Config("feedback-scene-adherence", classifier.ImageSize), JsonOptions));
        CheckpointManifest.Write(folder);
    }

    public static AdherenceClassifier Load(string folder, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        CheckpointManifest.Verify(folder, [ConfigFile, WeightsFile]);
        var config = JsonSerializer.Deserialize<Config>(File.ReadAllText(Path.Combine(folder, ConfigFile)), JsonOptions)
            ?? throw new InvalidDataException($"{folder}/{ConfigFile} is empty.");
        var classifier = new AdherenceClassifier(config.ImageSize);
        try
        {
            if (device is not null)
            {
                classifier.to(device);
            }

            ImageCheckpoint.LoadWeights(folder, WeightsFile, weights => Text.NamedWeights.Load(classifier, weights, _ => false));
            classifier.eval();
            return classifier;
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }
}
