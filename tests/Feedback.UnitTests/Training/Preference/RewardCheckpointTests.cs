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
    public void New_reward_models_pool_by_the_mean_and_say_so_in_their_config_while_a_config_that_does_not_say_reads_the_last_token()
    {
        using var policy = TinyLlama.Model(seed: 4);
        using var model = RewardModel.FromPolicy(policy);
        model.Pooling.ShouldBe(RewardPooling.Mean);

        RewardCheckpoint.Save(_folder, model, new ByteTokenizer());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "config.json")));
        config.RootElement.GetProperty(RewardModel.PoolingKey).GetString().ShouldBe("mean");
        using var loaded = RewardCheckpoint.Load(_folder);
        loaded.Model.Pooling.ShouldBe(RewardPooling.Mean);

        using var older = new RewardModel(policy.Config);
        older.Pooling.ShouldBe(RewardPooling.LastToken);
    }

    [Theory]
    [InlineData(RewardPooling.Mean)]
    [InlineData(RewardPooling.LastToken)]
    public void A_rows_reward_does_not_depend_on_the_padding_of_the_batch_it_is_scored_in(RewardPooling pooling)
    {
        using var policy = TinyLlama.Model(seed: 4);
        using var model = RewardModel.FromPolicy(policy, seed: 2, pooling);
        var pairs = ToyPreferences.Pairs(6, seed: 9);
        var prompts = pairs.Select(pair => pair.Prompt).ToList();
        var answers = pairs.Select((pair, i) => i % 2 == 0 ? pair.Chosen : (IReadOnlyList<int>)[.. pair.Rejected, .. pair.Rejected]).ToList();

        var together = model.Score(prompts, answers, ToyPreferences.Pad);
        var alone = Enumerable.Range(0, pairs.Count).Select(i => model.Score([prompts[i]], [answers[i]], ToyPreferences.Pad)[0]).ToList();

        together.Zip(alone).ShouldAllBe(pair => Math.Abs(pair.First - pair.Second) < 1e-5);
    }

    [Fact]
    public void An_unknown_pooling_is_refused_by_name()
    {
        using var policy = TinyLlama.Model(seed: 4);
        var other = new Dictionary<string, JsonElement> { [RewardModel.PoolingKey] = JsonSerializer.SerializeToElement("max") };

        var error = Should.Throw<ArgumentException>(() => new RewardModel(policy.Config with { Other = other }));

        error.Message.ShouldContain("\"max\"");
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
