using Feedback.Core.Agreement;
using Feedback.Core.Domain;

namespace Feedback.UnitTests.Agreement;

public sealed class AutoPauseRuleTests
{
    private static readonly ReliabilitySettings Settings = new();

    private static RaterReliabilityRow Rater(
        long votes = 100, long sided = 100, long left = 50, long goldAnswered = 0, long goldCorrect = 0, long tooFast = 0, long compared = 0, long agreed = 0) =>
        new("r", "rater", votes, sided, left, goldAnswered, goldCorrect, 0, 0, 0, tooFast, 8, compared, agreed, null, false);

    [Fact]
    public void A_reliable_rater_is_not_paused()
    {
        AutoPauseRule.Reason(Rater(goldAnswered: 10, goldCorrect: 9, compared: 100, agreed: 80), Settings).ShouldBeNull();
    }

    [Fact]
    public void Nobody_is_judged_before_the_minimum_number_of_votes()
    {
        AutoPauseRule.Reason(Rater(votes: 10, sided: 10, left: 10, tooFast: 10), Settings).ShouldBeNull();
    }

    [Theory]
    [InlineData(10, 3, 0, 0, 0, 50, "Gold accuracy 30%")]
    [InlineData(0, 0, 0, 100, 20, 50, "majority 20%")]
    [InlineData(0, 0, 60, 0, 0, 50, "60% of votes")]
    [InlineData(0, 0, 0, 0, 0, 90, "left side 90%")]
    public void Each_limit_pauses_with_a_reason_that_names_it(
        long goldAnswered, long goldCorrect, long tooFast, long compared, long agreed, long left, string reason)
    {
        AutoPauseRule.Reason(Rater(left: left, goldAnswered: goldAnswered, goldCorrect: goldCorrect, tooFast: tooFast, compared: compared, agreed: agreed), Settings)!
            .ShouldContain(reason);
    }

    [Fact]
    public void A_side_bias_whose_interval_still_reaches_the_allowed_band_is_not_paused()
    {
        // 16 of 20 is 80%, but with so few votes the interval reaches below 75%.
        AutoPauseRule.Reason(Rater(votes: 20, sided: 20, left: 16), Settings).ShouldBeNull();
    }
}
