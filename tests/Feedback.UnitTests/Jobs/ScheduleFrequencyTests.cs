using Feedback.Jobs.Training;

namespace Feedback.UnitTests.Jobs;

public sealed class ScheduleFrequencyTests
{
    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("30 * * * *")]
    [InlineData(" 0 3 * * 1-5 ")]
    [InlineData("@daily")]
    [InlineData("@hourly")]
    public void Expressions_that_fire_at_most_hourly_pass(string cron) => ScheduleFrequency.Problem(cron).ShouldBeNull();

    [Theory]
    [InlineData("* * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0,30 * * * *")]
    [InlineData("0-10 3 * * *")]
    [InlineData("@every_minute")]
    public void Expressions_that_fire_more_than_once_an_hour_are_refused_with_an_example(string cron)
    {
        var problem = ScheduleFrequency.Problem(cron).ShouldNotBeNull();

        problem.ShouldContain("more than once an hour");
        problem.ShouldContain("0 * * * *");
    }

    [Fact]
    public void A_seconds_field_is_refused() =>
        ScheduleFrequency.Problem("0 0 3 * * *").ShouldNotBeNull().ShouldContain("seconds field");

    [Theory]
    [InlineData("every night")]
    [InlineData("every night at three today")]
    public void Text_that_is_not_cron_is_left_to_the_parser(string cron) => ScheduleFrequency.Problem(cron).ShouldBeNull();
}
