using Feedback.Jobs.Simulation;
using Feedback.Training.Datasets.Text;

namespace Feedback.UnitTests.Jobs;

public sealed class DecidingAxisTests
{
    [Fact]
    public void Correctness_decides_whenever_it_differs_whatever_else_does()
    {
        var rightButRude = new AnswerQuality(Correct: true, Polite: false, Concise: false, OnTopic: true);

        DecidingAxis.Of(rightButRude, AnswerQuality.Ideal with { Correct = false }).ShouldBe("correct");
        DecidingAxis.Of(AnswerQuality.Ideal with { Correct = false }, rightButRude).ShouldBe("correct");
    }

    [Fact]
    public void Otherwise_the_axes_that_differ_are_named_in_a_fixed_order()
    {
        DecidingAxis.Of(AnswerQuality.Ideal, AnswerQuality.Ideal with { Polite = false }).ShouldBe("polite");
        DecidingAxis.Of(AnswerQuality.Ideal with { Concise = false, OnTopic = false }, AnswerQuality.Ideal).ShouldBe("concise + on topic");
        DecidingAxis.Of(AnswerQuality.Ideal with { Polite = false }, AnswerQuality.Ideal with { Concise = false, OnTopic = false })
            .ShouldBe("polite + concise + on topic");
    }

    [Fact]
    public void Answers_the_oracle_scores_alike_have_no_deciding_axis()
    {
        DecidingAxis.Of(AnswerQuality.Ideal with { Polite = false }, AnswerQuality.Ideal with { Concise = false }).ShouldBe(DecidingAxis.Tie);
        DecidingAxis.Of(AnswerQuality.Ideal, AnswerQuality.Ideal).ShouldBe(DecidingAxis.Tie);
    }
}
