using Feedback.Core.Domain;
using Feedback.Core.Projects;

namespace Feedback.UnitTests.Core;

public sealed class SamplingRulesTests
{
    [Fact]
    public void The_default_settings_are_accepted()
    {
        SamplingRules.Problems(new SamplingSettings()).ShouldBeEmpty();
    }

    [Fact]
    public void Each_setting_out_of_range_is_named()
    {
        var settings = new SamplingSettings
        {
            Temperature = double.NaN,
            TopP = 0,
            TopK = -1,
            MaxNewTokens = 0,
            GuidanceScale = 31,
            DiffusionSteps = 0,
            KeepUnratedComparisons = -5,
        };

        var problems = SamplingRules.Problems(settings);

        problems.Count.ShouldBe(7);
        problems.ShouldContain(p => p.StartsWith("The temperature", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("The top-up target", StringComparison.Ordinal));
    }
}
