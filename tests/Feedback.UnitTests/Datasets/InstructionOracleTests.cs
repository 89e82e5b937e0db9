using Feedback.Training.Datasets.Text;

namespace Feedback.UnitTests.Datasets;

public sealed class InstructionOracleTests
{
    private static readonly AnswerQuality[] AllQualities =
        Enumerable.Range(0, 16).Select(bits => new AnswerQuality((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0)).ToArray();

    [Fact]
    public void A_correct_answer_beats_every_incorrect_one_whatever_the_other_axes()
    {
        foreach (var correct in AllQualities.Where(q => q.Correct))
        {
            foreach (var incorrect in AllQualities.Where(q => !q.Correct))
            {
                InstructionOracle.Prefer(new CorpusAnswer("a", correct), new CorpusAnswer("b", incorrect)).ShouldBe(1, $"{correct} vs {incorrect}");
            }
        }
    }

    [Fact]
    public void Among_equally_correct_answers_each_other_axis_counts_once()
    {
        var rude = new CorpusAnswer("Obviously, 2 + 2 = 4.", new AnswerQuality(Correct: true, Polite: false, Concise: true, OnTopic: true));
        var rambling = new CorpusAnswer("Well, 2 + 2 = 4, as I always say.", new AnswerQuality(Correct: true, Polite: true, Concise: false, OnTopic: true));
        var both = new CorpusAnswer("Ugh. Well, 2 + 2 = 4, as I always say.", new AnswerQuality(Correct: true, Polite: false, Concise: false, OnTopic: true));

        InstructionOracle.Prefer(rude, rambling).ShouldBe(0);
        InstructionOracle.Prefer(rude, both).ShouldBe(1);
        InstructionOracle.Prefer(both, rambling).ShouldBe(-1);
        AllQualities.Count(q => q.IsBest).ShouldBe(1);
        AnswerQuality.Ideal.Score.ShouldBe(AnswerQuality.MaxScore);
    }

    [Fact]
    public void The_best_answer_of_every_example_is_preferred_to_each_other_variant()
    {
        foreach (var example in InstructionCorpus.Generate(300, seed: 8))
        {
            example.Variants.Where(v => v != example.Best).ShouldAllBe(v => InstructionOracle.Prefer(example.Best, v) == 1);
        }
    }
}
