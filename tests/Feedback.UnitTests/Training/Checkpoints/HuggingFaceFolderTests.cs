using System.Text.Json;
using Feedback.Training.Checkpoints;
using Feedback.Training.Tokenizers;
using Feedback.UnitTests.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Checkpoints;

/// <summary>Folders laid out as Hugging Face publishes a Llama, with no manifest of ours.</summary>
public sealed class HuggingFaceFolderTests : IDisposable
{
    private const string HuggingFaceConfig = """
        {
          "architectures": ["LlamaForCausalLM"],
          "attention_bias": false,
          "attention_dropout": 0.0,
          "bos_token_id": 268,
          "eos_token_id": 269,
          "hidden_act": "silu",
          "hidden_size": 32,
          "initializer_range": 0.02,
          "intermediate_size": 64,
          "max_position_embeddings": 128,
          "mlp_bias": false,
          "model_type": "llama",
          "num_attention_heads": 4,
          "num_hidden_layers": 2,
          "num_key_value_heads": 2,
          "pretraining_tp": 1,
          "rms_norm_eps": 1e-05,
          "rope_scaling": null,
          "rope_theta": 10000.0,
          "tie_word_embeddings": false,
          "torch_dtype": "float32",
          "transformers_version": "4.46.0",
          "use_cache": true,
          "vocab_size": 270
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("hf-llama").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_single_file_folder_loads_unverified_with_identical_logits_and_its_bpe_tokenizer()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model(seed: 9, vocabSize: 270);
        Safetensors.Write(Path.Combine(_folder, "model.safetensors"), model.ExportWeights(), new Dictionary<string, string> { ["format"] = "pt" });
        WriteTokenizerAndConfig();

        using var loaded = TextCheckpoint.Load(_folder);

        loaded.Verified.ShouldBeFalse();
        loaded.Config.Other!.ShouldContainKey("transformers_version");
        var tokenizer = loaded.Tokenizer.ShouldBeOfType<BpeTokenizer>();
        (tokenizer.BosId, tokenizer.EosId).ShouldBe((268, 269));
        var ids = tensor(tokenizer.Encode("hello world").Select(id => (long)id).ToArray()).view(1, -1);
        TinyLlama.MaxDifference(loaded.Model.Forward(ids), model.Forward(ids)).ShouldBe(0f);
    }

    [Fact]
    public void A_sharded_folder_with_an_index_loads_every_shard()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model(seed: 9, vocabSize: 270);
        var weights = model.ExportWeights();
        var first = weights.Where(p => p.Key.StartsWith("model.layers.0.", StringComparison.Ordinal)).ToDictionary();
        var rest = weights.Where(p => !first.ContainsKey(p.Key)).ToDictionary();
        Safetensors.Write(Path.Combine(_folder, "model-00001-of-00002.safetensors"), first);
        Safetensors.Write(Path.Combine(_folder, "model-00002-of-00002.safetensors"), rest);
        var weightMap = first.Keys.ToDictionary(name => name, _ => "model-00001-of-00002.safetensors")
            .Concat(rest.Keys.ToDictionary(name => name, _ => "model-00002-of-00002.safetensors"))
            .ToDictionary();
        File.WriteAllText(Path.Combine(_folder, "model.safetensors.index.json"), JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = weightMap }));
        WriteTokenizerAndConfig();

        using var loaded = TextCheckpoint.Load(_folder);

        TinyLlama.MaxDifference(loaded.Model.Forward(TinyLlama.Ids(1, 2, 3)), model.Forward(TinyLlama.Ids(1, 2, 3))).ShouldBe(0f);
    }

    [Fact]
    public void A_missing_shard_is_named()
    {
        WriteTokenizerAndConfig();
        File.WriteAllText(
            Path.Combine(_folder, "model.safetensors.index.json"),
            """{"weight_map": {"model.norm.weight": "model-00002-of-00002.safetensors"}}""");

        Should.Throw<FileNotFoundException>(() => TextCheckpoint.Load(_folder)).Message.ShouldContain("model-00002-of-00002.safetensors");
    }

    [Fact]
    public void A_folder_that_is_not_a_llama_is_refused_with_the_reason()
    {
        WriteTokenizerAndConfig();
        File.WriteAllText(Path.Combine(_folder, "config.json"), HuggingFaceConfig.Replace("\"llama\"", "\"gpt2\"", StringComparison.Ordinal));

        Should.Throw<InvalidDataException>(() => TextCheckpoint.Load(_folder)).Message.ShouldContain("'gpt2'");
    }

    private void WriteTokenizerAndConfig()
    {
        var vocabulary = TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);
        vocabulary["<s>"].ShouldBe(268);
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{"bos_token": "<s>", "eos_token": "</s>", "model_max_length": 128}""");
        File.WriteAllText(Path.Combine(_folder, "config.json"), HuggingFaceConfig);
    }
}
