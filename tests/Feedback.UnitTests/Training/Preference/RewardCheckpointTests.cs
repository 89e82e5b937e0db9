using System.Text.Json;
using Feedback.Training.Checkpoints;
using Feedback.Training.Text;
using Feedback.Training.Text.Preference;
using Feedback.Training.Tokenizers;
using Feedback.UnitTests.Training.Text;

namespace Feedback.UnitTests.Training.Preference;

public sealed class RewardCheckpointTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("feedback-reward-checkpoint-").FullName, "reward");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public void A_saved_reward_model_loads_back_verified_with_the_same_scores()
    {
        using var policy = TinyLlama.Model(seed: 4);
        using var model = RewardModel.FromPolicy(policy);
        var pairs = ToyPreferences.Pairs(6, seed: 9);
        var prompts = pairs.Select(pair => pair.Prompt).ToList();
        var answers = pairs.Select(pair => pair.Chosen).ToList();

        RewardCheckpoint.Save(_folder, model, new ByteTokenizer(), new Dictionary<string, string> { ["run"] = "7" });
        using var loaded = RewardCheckpoint.Load(_folder);

        loaded.Verified.ShouldBeTrue();
        loaded.Tokenizer.ShouldBeOfType<ByteTokenizer>();
        loaded.Model.Score(prompts, answers, ToyPreferences.Pad).ShouldBe(model.Score(prompts, answers, ToyPreferences.Pad));
    }

    [Fact]
    public void The_folder_reads_as_a_one_label_llama_sequence_classifier_with_the_policys_trunk_names()
    {
        using var policy = TinyLlama.Model(seed: 4);
        using var model = RewardModel.FromPolicy(policy);

        RewardCheckpoint.Save(_folder, model, new ByteTokenizer());

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "config.json")));
        config.RootElement.GetProperty("architectures")[0].GetString().ShouldBe("LlamaForSequenceClassification");
        config.RootElement.GetProperty("num_labels").GetInt32().ShouldBe(1);
        LlamaConfig.Parse(File.ReadAllText(Path.Combine(_folder, "config.json"))).HiddenSize.ShouldBe(policy.Config.HiddenSize);
        var names = Safetensors.ReadHeader(Path.Combine(_folder, "model.safetensors")).Entries.Select(entry => entry.Name).ToList();
        var trunk = policy.ExportWeights().Keys.Where(name => name.StartsWith("model.", StringComparison.Ordinal));
        names.ShouldBe([.. trunk, "score.weight"], ignoreOrder: true);
    }

    [Fact]
    public void A_flipped_byte_in_the_weights_is_refused()
    {
        using var policy = TinyLlama.Model(seed: 4);
        using var model = RewardModel.FromPolicy(policy);
        RewardCheckpoint.Save(_folder, model, new ByteTokenizer());
        var weights = Path.Combine(_folder, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(weights, bytes);

        var error = Should.Throw<CheckpointCorruptException>(() => RewardCheckpoint.Load(_folder));

        error.FileName.ShouldBe("model.safetensors");
    }
}
