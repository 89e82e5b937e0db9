using Feedback.Training.Datasets.Text;

namespace Feedback.UnitTests.Datasets;

public sealed class InstructionCorpusTests
{
    private static readonly IReadOnlyList<InstructionExample> Examples = InstructionCorpus.Generate(2000, seed: 3).ToList();

    [Fact]
    public void The_same_seed_gives_the_same_examples_and_another_seed_other_ones()
    {
        InstructionCorpus.Generate(2000, seed: 3).ToList().ShouldBe(Examples);
        InstructionCorpus.Generate(50, seed: 4).Select(e => e.Prompt).ShouldNotBe(Examples.Take(50).Select(e => e.Prompt));
    }

    [Fact]
    public void Every_family_appears_in_two_hundred_examples()
    {
        InstructionCorpus.Families.Count.ShouldBeGreaterThanOrEqualTo(5);
        Examples.Take(200).Select(e => e.Family).Distinct().ShouldBe(InstructionCorpus.Families, ignoreOrder: true);
    }

    [Fact]
    public void Each_example_has_at_least_four_distinct_answers_including_the_best()
    {
        foreach (var example in Examples)
        {
            example.Variants.Count.ShouldBeGreaterThanOrEqualTo(4, example.Prompt);
            example.Variants.Select(v => v.Text).Distinct().Count().ShouldBe(example.Variants.Count, example.Prompt);
            example.Variants.ShouldContain(example.Best);
        }
    }

    [Fact]
    public void The_best_answer_alone_has_the_highest_score()
    {
        foreach (var example in Examples)
        {
            example.Best.Quality.IsBest.ShouldBeTrue();
            example.Best.Quality.Score.ShouldBe(AnswerQuality.MaxScore);
            example.Variants.Where(v => v != example.Best).ShouldAllBe(v => v.Quality.Score < AnswerQuality.MaxScore);
        }
    }

    [Fact]
    public void Answers_differ_along_every_axis_across_the_corpus()
    {
        var qualities = Examples.SelectMany(e => e.Variants).Select(v => v.Quality).ToList();

        qualities.ShouldContain(q => !q.Correct && q.Polite && q.Concise && q.OnTopic);
        qualities.ShouldContain(q => q.Correct && !q.Polite);
        qualities.ShouldContain(q => q.Correct && !q.Concise);
        qualities.ShouldContain(q => !q.OnTopic);
    }

    [Fact]
    public void Text_is_ascii_and_short_enough_for_a_small_byte_level_model()
    {
        foreach (var example in Examples)
        {
            example.Prompt.Length.ShouldBeLessThan(120, example.Prompt);
            example.Variants.ShouldAllBe(v => v.Text.Length < 300);
            var texts = example.EarlierTurns.Select(t => t.Text).Append(example.Prompt).Concat(example.Variants.Select(v => v.Text));
            texts.ShouldAllBe(text => text.Length > 0 && text.All(c => c == '\n' || (c >= ' ' && c <= '~')));
        }
    }

    [Fact]
    public void About_one_example_in_five_follows_up_on_an_earlier_exchange()
    {
        var followUps = Examples.Where(e => e.EarlierTurns.Count > 0).ToList();

        ((double)followUps.Count / Examples.Count).ShouldBeInRange(0.12, 0.3);
        foreach (var example in followUps)
        {
            example.EarlierTurns.Select(t => t.Role).ShouldBe([DialogueLine.User, DialogueLine.Assistant]);
        }
    }

    [Fact]
    public void Some_answers_use_markdown_lists_and_bold()
    {
        Examples.ShouldContain(e => e.Best.Text.StartsWith("- ", StringComparison.Ordinal) && e.Best.Text.Contains("\n- ", StringComparison.Ordinal));
        Examples.ShouldContain(e => e.Best.Text.Contains("**", StringComparison.Ordinal));
    }

    [Fact]
    public void Rambling_answers_are_longer_than_the_best_and_rude_ones_carry_a_rude_phrase()
    {
        string[] rude = ["Obviously", "Ugh", "Seriously", "silly", "If you insist", "yourself", "keep up", "waste my time"];
        foreach (var example in Examples)
        {
            example.Variants.Where(v => !v.Quality.Concise).ShouldAllBe(v => v.Text.Length > example.Best.Text.Length + 40);
            example.Variants.Where(v => !v.Quality.Polite).ShouldAllBe(v => rude.Any(r => v.Text.Contains(r, StringComparison.Ordinal)));
            rude.ShouldNotContain(r => example.Best.Text.Contains(r, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_named_family_can_be_asked_for_and_an_unknown_one_is_refused()
    {
        var rng = new Random(1);
        foreach (var family in InstructionCorpus.Families)
        {
            InstructionCorpus.Generate(family, rng).Family.ShouldBe(family);
        }

        Should.Throw<ArgumentException>(() => InstructionCorpus.Generate("poetry", rng)).Message.ShouldContain("arithmetic");
    }
}
