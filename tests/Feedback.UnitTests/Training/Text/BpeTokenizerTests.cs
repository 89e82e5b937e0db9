using System.Text.Json;
using Feedback.Training.Tokenizers;

namespace Feedback.UnitTests.Training.Text;

public sealed class BpeTokenizerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bpe-tokenizer").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Merges_join_bytes_into_the_vocabularys_tokens()
    {
        var vocabulary = TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);
        var tokenizer = BpeTokenizer.Load(_folder);

        tokenizer.Encode("hello world").ShouldBe([vocabulary["hello"], vocabulary["Ġworld"]]);
        tokenizer.Encode("hello!").ShouldBe([vocabulary["hello"], '!']);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("  two  spaces, tabs\tand\nnew lines ")]
    [InlineData("héllo wörld ✓ 日本 🎉")]
    public void Decoding_the_encoding_gives_the_text_back(string text)
    {
        TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);
        var tokenizer = BpeTokenizer.Load(_folder);

        tokenizer.Decode(tokenizer.Encode(text)).ShouldBe(text);
    }

    [Fact]
    public void Special_tokens_come_from_tokenizer_config_and_are_skipped_when_decoding()
    {
        var vocabulary = TinyBpeFiles.Write(_folder, ["<|begin|>", "<|end|>", "<|pad|>"]);
        WriteJson("tokenizer_config.json", new
        {
            bos_token = "<|begin|>",
            eos_token = new { content = "<|end|>", special = true },
            pad_token = "<|pad|>",
        });
        var tokenizer = BpeTokenizer.Load(_folder);

        (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId).ShouldBe((vocabulary["<|begin|>"], vocabulary["<|end|>"], vocabulary["<|pad|>"]));
        tokenizer.VocabSize.ShouldBe(vocabulary.Count);
        tokenizer.Decode([tokenizer.BosId, .. tokenizer.Encode("hello"), tokenizer.EosId, tokenizer.PadId]).ShouldBe("hello");
    }

    [Fact]
    public void Added_tokens_outside_the_vocabulary_take_their_ids_from_added_tokens_decoder()
    {
        var vocabulary = TinyBpeFiles.Write(_folder);
        var bos = vocabulary.Count;
        WriteJson("tokenizer_config.json", new Dictionary<string, object>
        {
            ["bos_token"] = "<|start|>",
            ["eos_token"] = "<|stop|>",
            ["added_tokens_decoder"] = new Dictionary<string, object>
            {
                [$"{bos}"] = new { content = "<|start|>", special = true },
                [$"{bos + 1}"] = new { content = "<|stop|>", special = true },
            },
        });
        var tokenizer = BpeTokenizer.Load(_folder);

        (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId).ShouldBe((bos, bos + 1, bos + 1));
        tokenizer.VocabSize.ShouldBe(bos + 2);
    }

    [Fact]
    public void Without_a_config_the_usual_token_names_are_found_in_the_vocabulary()
    {
        var vocabulary = TinyBpeFiles.Write(_folder, ["<|endoftext|>"]);

        var tokenizer = BpeTokenizer.Load(_folder);

        (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId).ShouldBe((vocabulary["<|endoftext|>"], vocabulary["<|endoftext|>"], vocabulary["<|endoftext|>"]));
    }

    [Fact]
    public void A_special_tokens_text_in_the_input_is_encoded_as_plain_text()
    {
        var vocabulary = TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);
        var tokenizer = BpeTokenizer.Load(_folder);

        tokenizer.Encode("</s>").ShouldNotContain(vocabulary["</s>"]);
        tokenizer.Decode(tokenizer.Encode("</s>")).ShouldBe("</s>");
    }

    [Fact]
    public void The_split_pattern_of_a_tokenizer_json_replaces_gpt2s()
    {
        var vocabulary = TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);
        var gpt2 = BpeTokenizer.Load(_folder);
        WriteJson("tokenizer.json", new
        {
            pre_tokenizer = new
            {
                type = "Sequence",
                pretokenizers = new object[]
                {
                    new { type = "Split", pattern = new { Regex = @"\p{N}{1,3}|\s+|[^\s\p{N}]+" }, behavior = "Isolated" },
                    new { type = "ByteLevel", add_prefix_space = false, use_regex = false },
                },
            },
        });
        var llama3 = BpeTokenizer.Load(_folder);

        gpt2.Encode("1234").ShouldBe([vocabulary["1234"]]);
        llama3.Encode("1234").ShouldBe([vocabulary["123"], '4']);
    }

    [Fact]
    public void A_saved_tokenizer_loads_back_with_the_same_ids_and_specials()
    {
        TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);
        var tokenizer = BpeTokenizer.Load(_folder);
        var copy = Path.Combine(_folder, "copy");

        tokenizer.Save(copy);
        var loaded = TextTokenizers.Load(copy);

        loaded.ShouldBeOfType<BpeTokenizer>();
        loaded.Encode("hello world ✓").ShouldBe(tokenizer.Encode("hello world ✓"));
        (loaded.BosId, loaded.EosId, loaded.PadId, loaded.VocabSize).ShouldBe((tokenizer.BosId, tokenizer.EosId, tokenizer.PadId, tokenizer.VocabSize));
        File.Exists(Path.Combine(copy, "tokenizer_config.json")).ShouldBeTrue();
    }

    [Fact]
    public void Loading_picks_bpe_for_vocab_and_merges_and_names_what_an_empty_folder_lacks()
    {
        var empty = Path.Combine(_folder, "empty");
        Directory.CreateDirectory(empty);
        TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);

        TextTokenizers.Load(_folder).ShouldBeOfType<BpeTokenizer>();
        Should.Throw<FileNotFoundException>(() => TextTokenizers.Load(empty)).Message.ShouldContain("vocab.json with merges.txt");
    }

    [Fact]
    public void A_named_special_token_missing_from_the_vocabulary_is_refused_by_name()
    {
        TinyBpeFiles.Write(_folder, ["<s>", "</s>"]);
        WriteJson("special_tokens_map.json", new { bos_token = "<|nowhere|>" });

        Should.Throw<InvalidDataException>(() => BpeTokenizer.Load(_folder)).Message.ShouldContain("'<|nowhere|>'");
    }

    private void WriteJson(string name, object value) =>
        File.WriteAllText(Path.Combine(_folder, name), JsonSerializer.Serialize(value));
}
