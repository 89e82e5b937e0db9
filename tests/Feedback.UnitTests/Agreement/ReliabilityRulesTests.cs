using Feedback.Core.Domain;
using Feedback.Core.Projects;

namespace Feedback.UnitTests.Agreement;

public sealed class ReliabilityRulesTests
{
    [Fact]
    public void The_defaults_are_within_range()
    {
        ReliabilityRules.Problems(new ReliabilitySettings()).ShouldBeEmpty();
    }

    [Fact]
    public void Each_setting_out_of_range_is_named()
    {
        var settings = new ReliabilitySettings
        {
            SwapRepeatRate = 0.9,
            TooFastSeconds = double.NaN,
            AutoPauseMinVotes = 0,
            AutoPauseMinGoldAccuracy = 1.5,
            AutoPauseMinMajorityAgreement = -0.1,
            AutoPauseMaxTooFastShare = 2,
            AutoPauseMaxSideBias = 0.6,
        };

        var problems = ReliabilityRules.Problems(settings);

        problems.Count.ShouldBe(7);
        problems.ShouldContain(p => p.StartsWith("The swapped repeat rate", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("The speed floor", StringComparison.Ordinal));
    }
}
