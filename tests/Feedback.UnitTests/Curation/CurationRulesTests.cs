using Feedback.Core.Curation;

namespace Feedback.UnitTests.Curation;

public sealed class CurationRulesTests
{
    private static readonly CurationSettings Settings = new() { BlockedWords = ["gore"] };

    [Theory]
    [InlineData("", "the caption is empty")]
    [InlineData("   ", "the caption is empty")]
    [InlineData("cat", "fewer than 2 words")]
    [InlineData("IMG_0042", "placeholder")]
    [InlineData("untitled 3", "placeholder")]
    [InlineData("photo-12", "placeholder")]
    [InlineData("beach sunset", "placeholder")]
    [InlineData("A scene full of GORE and smoke", "blocked word \"gore\"")]
    public void Useless_or_blocked_captions_are_dropped_with_the_reason(string caption, string reason)
    {
        CaptionRules.Problem(caption, "beach sunset.png", Settings)!.ShouldContain(reason);
    }

    [Fact]
    public void A_descriptive_caption_passes_and_blocked_words_match_whole_words_only()
    {
        CaptionRules.Problem("Two red circles above a gorge", "x.png", Settings).ShouldBeNull();
    }

    [Fact]
    public void The_hash_of_an_image_and_of_its_inverse_differ_in_every_bit_that_is_not_a_tie()
    {
        var grey = Enumerable.Range(0, 90 * 90).Select(i => (byte)(i % 90 * 2 + i / 90)).ToArray();
        var inverse = grey.Select(b => (byte)(255 - b)).ToArray();

        var (a, b) = (PerceptualHash.FromGrey(grey, 90, 90), PerceptualHash.FromGrey(inverse, 90, 90));

        PerceptualHash.Distance(a, a).ShouldBe(0);
        PerceptualHash.Distance(a, b).ShouldBeGreaterThan(32);
    }
}
