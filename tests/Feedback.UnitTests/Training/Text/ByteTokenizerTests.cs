using Feedback.Training.Tokenizers;

namespace Feedback.UnitTests.Training.Text;

public sealed class ByteTokenizerTests
{
    private readonly ByteTokenizer _tokenizer = new();

    [Fact]
    public void Ids_are_the_utf8_bytes_and_specials_follow_them()
    {
        _tokenizer.Encode("Aé").ShouldBe([65, 0xC3, 0xA9]);
        (_tokenizer.BosId, _tokenizer.EosId, _tokenizer.PadId, _tokenizer.VocabSize).ShouldBe((256, 257, 258, 259));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii, with punctuation!\n")]
    [InlineData("héllo wörld, naïve café")]
    [InlineData("日本語のテキスト ✓ 🎉 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")]
    public void Decoding_the_encoding_gives_the_text_back(string text)
    {
        _tokenizer.Decode(_tokenizer.Encode(text)).ShouldBe(text);
    }

    [Fact]
    public void Special_ids_are_skipped_when_decoding()
    {
        _tokenizer.Decode([256, 104, 105, 258, 257]).ShouldBe("hi");
    }

    [Fact]
    public void A_character_cut_in_half_decodes_to_the_replacement_character_instead_of_failing()
    {
        var check = _tokenizer.Encode("✓");

        _tokenizer.Decode([111, 107, check[0], check[1]]).ShouldBe("ok\uFFFD");
        _tokenizer.Decode([0xFF, 33]).ShouldBe("\uFFFD!");
    }

    [Fact]
    public void Text_that_looks_like_a_special_token_stays_text()
    {
        _tokenizer.Encode("<s>").ShouldBe([60, 115, 62]);
    }

    [Fact]
    public void A_saved_byte_tokenizer_loads_back_as_one()
    {
        var folder = Directory.CreateTempSubdirectory("byte-tokenizer").FullName;
        try
        {
            _tokenizer.Save(folder);

            var loaded = TextTokenizers.Load(folder);

            loaded.ShouldBeOfType<ByteTokenizer>();
            loaded.Encode("round trip ✓").ShouldBe(_tokenizer.Encode("round trip ✓"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
