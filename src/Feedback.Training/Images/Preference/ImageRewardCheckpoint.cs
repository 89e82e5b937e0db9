using Feedback.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>An image reward model's folder: model.safetensors, config.json and checkpoint.sha256.</summary>
public static class ImageRewardCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string ConfigFile = "config.json";

    public static void Save(string folder, ImageRewardModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, CheckpointManifest.FileName));
        var weights = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach(), StringComparer.Ordinal);
        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["format"] = "pt" };
        Safetensors.Write(Path.Combine(folder, WeightsFile), weights, allMetadata);
        File.WriteAllText(Path.Combine(folder, ConfigFile), model.Config.ToJson());
        CheckpointManifest.Write(folder);
    }

    /// <summary>Verifies the manifest and loads the model in eval mode.</summary>
    public static ImageRewardModel Load(string folder, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The reward model folder {folder} does not exist.");
        }

        CheckpointManifest.Verify(folder, [ConfigFile, WeightsFile]);
        var config = ImageRewardConfig.FromJson(File.ReadAllText(Path.Combine(folder, ConfigFile)));
        var model = new ImageRewardModel(config);
        try
        {
            if (device is not null)
            {
                model.to(device);
            }

            ImageCheckpoint.LoadWeights(folder, WeightsFile, weights => Text.NamedWeights.Load(model, weights, _ => false));
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
