using Feedback.Core.Training.Snapshots;

namespace Feedback.UnitTests.Core;

public sealed class SnapshotRequestTests
{
    [Fact]
    public void The_defaults_take_raters_in_good_standing_hold_out_a_tenth_and_drop_ties_and_both_bad()
    {
        var request = new SnapshotRequest(1, "Weekly");

        request.Problems().ShouldBeEmpty();
        request.ExcludeDisabledRaters.ShouldBeTrue();
        request.ExcludePausedRaters.ShouldBeTrue();
        request.IncludeGold.ShouldBeTrue();
        request.IncludeRatersWithFewGoldAnswers.ShouldBeTrue();
        request.MinGoldAccuracy.ShouldBeNull();
        request.HeldOutFraction.ShouldBe(0.1);
        request.TieHandling.ShouldBe(SnapshotVoteHandling.Drop);
        request.BothBadHandling.ShouldBe(SnapshotVoteHandling.Drop);
    }

    [Fact]
    public void Each_setting_out_of_range_is_named()
    {
        var now = DateTimeOffset.UtcNow;
        var request = new SnapshotRequest(1, new string('x', 201))
        {
            From = now,
            To = now.AddDays(-1),
            MinGoldAccuracy = 1.2,
            MinGoldAnswers = 0,
            HeldOutFraction = double.NaN,
            TieHandling = (SnapshotVoteHandling)7,
        };

        request.Problems().ShouldBe(
        [
            "The name is longer than 200 characters.",
            "The start of the period must be before its end.",
            "The minimum gold accuracy must be between 0% and 100%.",
            "A rater needs at least 1 gold answer to be judged by gold accuracy.",
            "The held-out share of prompts must be between 0% and 100%.",
            "Ties and \"both bad\" votes are either dropped or kept.",
        ]);
    }

    [Fact]
    public void The_stored_filter_reads_back_as_the_same_request()
    {
        var request = new SnapshotRequest(4, "Gold only")
        {
            From = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            MinGoldAccuracy = 0.8,
            IncludeRatersWithFewGoldAnswers = false,
            TieHandling = SnapshotVoteHandling.Keep,
            Seed = 42,
        };

        var json = request.ToJson();

        json.ShouldContain("\"tieHandling\":\"Keep\"");
        SnapshotRequest.FromJson(json).ShouldBe(request);
    }
}
