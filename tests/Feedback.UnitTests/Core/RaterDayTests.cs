using Feedback.Core.Rating;

namespace Feedback.UnitTests.Core;

public sealed class RaterDayTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public void In_utc_the_day_starts_at_utc_midnight() =>
        RaterQueue.StartOfDay(Now, TimeSpan.Zero).ShouldBe(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void West_of_greenwich_it_is_still_yesterday_at_02_30_utc() =>
        // 02:30 UTC is 18:30 on the 9th in UTC-8, whose day began at 08:00 UTC on the 9th.
        RaterQueue.StartOfDay(Now, TimeSpan.FromHours(-8)).ShouldBe(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void East_of_greenwich_the_day_began_before_utc_midnight() =>
        // 02:30 UTC is 08:00 in UTC+5:30, whose day began at 18:30 UTC on the 9th.
        RaterQueue.StartOfDay(Now, new TimeSpan(5, 30, 0)).ShouldBe(new DateTimeOffset(2026, 3, 9, 18, 30, 0, TimeSpan.Zero));
}
