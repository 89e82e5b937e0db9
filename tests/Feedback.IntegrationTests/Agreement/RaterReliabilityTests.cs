using Feedback.Core.Agreement;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Rating;
using Feedback.Jobs.Maintenance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Agreement;

public sealed class RaterReliabilityTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    private RaterReliability Reliability => fixture.App.Services.GetRequiredService<RaterReliability>();

    private RaterPauses Pauses => fixture.App.Services.GetRequiredService<RaterPauses>();

    [Fact]
    public async Task A_rater_who_always_picks_left_shows_a_side_bias_whose_interval_excludes_one_half()
    {
        var raters = await fixture.CreateRatersAsync(2);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(20);
        for (var i = 0; i < comparisons.Count; i++)
        {
            // Rater 0 picks whatever is on the left; rater 1 picks the first candidate, shown on either side.
            await AgreementVotes.AddAsync(fixture, comparisons[i], raters[0], i % 2 == 0 ? 0 : 1, swapped: i % 2 == 1);
            await AgreementVotes.AddAsync(fixture, comparisons[i], raters[1], 0, swapped: i % 2 == 1, seconds: 0.5);
        }

        var rows = await Reliability.ForProjectAsync(projectId);

        var biased = rows.Single(r => r.RaterId == raters[0]);
        biased.LeftShare.ShouldBe(1);
        biased.LeftShareInterval.Low.ShouldBeGreaterThan(0.8);
        biased.TooFast.ShouldBe(0);
        biased.MedianSeconds.ShouldBe(10, 0.01);
        var fair = rows.Single(r => r.RaterId == raters[1]);
        fair.LeftShare.ShouldBe(0.5);
        fair.LeftShareInterval.Contains(0.5).ShouldBeTrue();
        fair.TooFastShare.ShouldBe(1);
    }

    [Fact]
    public async Task Swap_consistency_counts_repeats_that_prefer_the_same_candidate_from_the_other_side()
    {
        var raters = await fixture.CreateRatersAsync(1);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(3);
        for (var i = 0; i < 3; i++)
        {
            await AgreementVotes.AddAsync(fixture, comparisons[i], raters[0], 0);
        }

        await AgreementVotes.AddAsync(fixture, comparisons[0], raters[0], 0, swapped: true, isSwapRepeat: true);
        await AgreementVotes.AddAsync(fixture, comparisons[1], raters[0], 1, swapped: true, isSwapRepeat: true);

        var row = (await Reliability.ForProjectAsync(projectId)).Single();

        row.SwapRepeats.ShouldBe(2);
        row.SwapConsistent.ShouldBe(1);
        row.Votes.ShouldBe(5);
    }

    [Fact]
    public async Task A_cycle_among_a_raters_own_votes_is_counted_once()
    {
        var raters = await fixture.CreateRatersAsync(1);
        var (projectId, _) = await fixture.CreateProjectAsync(1);
        long[] ids;
        await using (var db = fixture.NewContext())
        {
            var prompt = new Prompt { ProjectId = projectId, Text = "Which is best?", CreatedAt = DateTimeOffset.UtcNow };
            var candidates = Enumerable.Range(0, 3).Select(i => new Candidate { Prompt = prompt, Modality = Modality.Text, Text = $"Answer {i}" }).ToList();
            var pairs = new[] { (0, 1), (1, 2), (2, 0) }.Select(p => new Comparison
            {
                ProjectId = projectId,
                Prompt = prompt,
                Candidates = [new() { Position = 0, Candidate = candidates[p.Item1] }, new() { Position = 1, Candidate = candidates[p.Item2] }],
            }).ToList();
            db.Comparisons.AddRange(pairs);
            await db.SaveChangesAsync();
            ids = pairs.Select(p => p.Id).ToArray();
        }

        // A > B, B > C, C > A: each pair's first candidate wins.
        foreach (var id in ids)
        {
            await AgreementVotes.AddAsync(fixture, id, raters[0], 0);
        }

        (await Reliability.ForProjectAsync(projectId)).Single().Cycles.ShouldBe(1);
    }

    [Fact]
    public async Task The_automatic_rule_pauses_a_rater_who_fails_gold_items_and_a_paused_rater_gets_no_assignment_until_resumed()
    {
        var raters = await fixture.CreateRatersAsync(2);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(10, goldComparisons: 6);
        await using (var db = fixture.NewContext())
        {
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Reliability.AutoPauseEnabled, true)
                .SetProperty(p => p.Reliability.AutoPauseMinVotes, 5)
                .SetProperty(p => p.Reliability.AutoPauseMinMajorityAgreement, 0.0));
        }

        // Gold comparisons were made with a known tie: rater 0 says tie, rater 1 picks a side.
        foreach (var gold in comparisons.Skip(10))
        {
            await AgreementVotes.AddAsync(fixture, gold, raters[0], 2);
            await AgreementVotes.AddAsync(fixture, gold, raters[1], 0);
        }

        var paused = await Pauses.ApplyAutomaticRuleAsync(projectId);

        paused.ShouldBe([raters[1]]);
        var row = (await Reliability.ForProjectAsync(projectId)).Single(r => r.RaterId == raters[1]);
        row.IsPaused.ShouldBeTrue();
        row.PausedAutomatically.ShouldBeTrue();
        row.PauseReason!.ShouldContain("Gold accuracy 0%");
        (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldBeNull();
        (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();

        (await Pauses.ResumeAsync(projectId, raters[1], raters[0])).ShouldBeTrue();
        (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldNotBeNull();
        (await Pauses.ApplyAutomaticRuleAsync(projectId)).ShouldBeEmpty("only votes after the resume are judged");
    }

    [Fact]
    public async Task At_a_swap_repeat_rate_of_one_a_rater_gets_an_earlier_pair_back_with_the_sides_swapped_and_may_vote_on_it_again()
    {
        var raters = await fixture.CreateRatersAsync(1);
        var (projectId, _) = await fixture.CreateProjectAsync(3);
        var first = (await fixture.Engine.NextAsync(projectId, raters[0]))!;
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], first.ComparisonId, VoteChoice.Left))).ShouldBe(VoteOutcome.Recorded);
        await using (var db = fixture.NewContext())
        {
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Reliability.SwapRepeatRate, 1.0));
        }

        var repeat = (await fixture.Engine.NextAsync(projectId, raters[0]))!;
        var outcome = await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], repeat.ComparisonId, VoteChoice.Right));

        repeat.ComparisonId.ShouldBe(first.ComparisonId);
        repeat.ShownOrder.ShouldBe(first.ShownOrder.Reverse());
        outcome.ShouldBe(VoteOutcome.Recorded);
        var row = (await Reliability.ForProjectAsync(projectId)).Single();
        row.SwapRepeats.ShouldBe(1);
        row.SwapConsistent.ShouldBe(1);
        var next = await fixture.Engine.NextAsync(projectId, raters[0]);
        next.ShouldNotBeNull();
        next.ComparisonId.ShouldNotBe(first.ComparisonId, "a pair is repeated once");
        var (snapshotId, _) = await fixture.App.Services.GetRequiredService<SnapshotBuilder>().CreateAsync(new SnapshotRequest(projectId, "first answers"), null);
        await using var check = fixture.NewContext();
        (await check.Snapshots.Where(s => s.Id == snapshotId).Select(s => s.VoteCount).SingleAsync()).ShouldBe(1, "the repeat is not training data");
    }

    [Fact]
    public async Task The_recurring_job_applies_the_rule_only_in_projects_that_turned_it_on()
    {
        var raters = await fixture.CreateRatersAsync(1);
        var (onId, on) = await fixture.CreateProjectAsync(3);
        var (offId, off) = await fixture.CreateProjectAsync(3);
        await using (var db = fixture.NewContext())
        {
            await db.Projects.Where(p => p.Id == onId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Reliability.AutoPauseEnabled, true)
                .SetProperty(p => p.Reliability.AutoPauseMinVotes, 3));
        }

        foreach (var id in on.Concat(off))
        {
            await AgreementVotes.AddAsync(fixture, id, raters[0], 0, seconds: 0.2);
        }

        var paused = await fixture.App.Services.GetRequiredService<RaterAutoPauseJob>().RunAsync(CancellationToken.None);

        paused.ShouldBeGreaterThanOrEqualTo(1);
        (await Pauses.IsPausedAsync(onId, raters[0])).ShouldBeTrue();
        (await Pauses.IsPausedAsync(offId, raters[0])).ShouldBeFalse();
    }
}
