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
        ArgumentNullException.ThrowIfNull(model);
        TextCheckpoint.WriteFolder(folder, model.Config, model.ExportWeights(), tokenizer, metadata);
    }

    /// <summary>
    /// Verifies checkpoint.sha256 where there is one (a missing or altered file throws <see cref="CheckpointCorruptException"/>
    /// naming it), then builds the reward model on <paramref name="device"/> in eval mode and loads the tokenizer.
    /// </summary>
    public static LoadedRewardModel Load(string folder, Device? device = null)
    {
        var (config, tokenizer, verified) = TextCheckpoint.OpenFolder(folder);
        var model = TextCheckpoint.LoadWeightsInto(folder, new RewardModel(config), device, (m, weights) => m.LoadWeights(weights));
        return new LoadedRewardModel(folder, model, tokenizer, verified);
    }
}
