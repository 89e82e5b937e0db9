using Feedback.Sampling.Diffusion;
using Feedback.Training.Images;

namespace Feedback.UnitTests.Images;

public sealed class CaptionTokenizerTests
{
    [Fact]
    public void Captions_become_word_ids_padded_to_a_fixed_length_with_unknown_words_shared()
    {
        var ids = CaptionTokenizer.Default.Encode("Two RED circles, above a zebra!", maxTokens: 8);

        var words = CaptionTokenizer.Default.Vocabulary;
        ids.Length.ShouldBe(8);
        ids.Take(6).Select(id => words[(int)id]).ShouldBe(["two", "red", "circles", "above", "a", "<unk>"]);
        ids.Skip(6).ShouldAllBe(id => id == CaptionTokenizer.PadId);
    }

    [Fact]
    public void The_empty_caption_is_all_padding_and_long_captions_are_cut()
    {
        CaptionTokenizer.Default.Encode("", maxTokens: 4).ShouldAllBe(id => id == CaptionTokenizer.PadId);
        CaptionTokenizer.Default.Encode("a red circle and a blue square", maxTokens: 4).ShouldAllBe(id => id != CaptionTokenizer.PadId);
    }

    [Fact]
    public void The_sampler_reads_captions_as_training_does_from_the_vocabulary_written_beside_the_checkpoint()
    {
        string[] captions = ["two large blue squares on a dark blue background", "", "a Purple triangle right of a white circle"];
        var sampler = new CaptionIds(CaptionTokenizer.Default.Vocabulary, 16);

        sampler.Encode(captions).ShouldBe(CaptionTokenizer.Default.EncodeBatch(captions, 16));
    }
}
