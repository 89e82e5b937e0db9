using Feedback.Core.Agreement;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Rating;

public sealed class RaterQueueTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    private RaterQueue Queue => fixture.App.Services.GetRequiredService<RaterQueue>();

    [Fact]
    public async Task Progress_counts_todays_votes_and_what_is_still_open_to_the_rater()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 4, votesPerComparison: 1, goldComparisons: 1);
        var raters = await fixture.CreateRatersAsync(2);

        (await Queue.ProgressAsync(projectId, raters[0])).ShouldBe(new RaterProgress(0, 4));

        var first = (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();
        await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], first.ComparisonId, VoteChoice.Left));
        var other = (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldNotBeNull();

        // One voted by this rater, one held by another rater (k = 1): two are left, gold items are not counted.
        (await Queue.ProgressAsync(projectId, raters[0])).ShouldBe(new RaterProgress(1, 2));
        (await Queue.ProgressAsync(projectId, raters[1])).ShouldBe(new RaterProgress(0, 3));
        other.ComparisonId.ShouldNotBe(first.ComparisonId);
    }

    [Fact]
    public async Task Swapped_repeats_do_not_fill_places_in_what_is_left_as_they_do_not_for_the_assignment_engine()
    {
        var (projectId, comparisonIds) = await fixture.CreateProjectAsync(comparisons: 1, votesPerComparison: 2);
        var raters = await fixture.CreateRatersAsync(2);
        var first = (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], first.ComparisonId, VoteChoice.Left))).ShouldBe(VoteOutcome.Recorded);
        await using (var db = fixture.NewContext())
        {
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Reliability.SwapRepeatRate, 1.0));
        }

        var repeat = (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();
        repeat.ComparisonId.ShouldBe(comparisonIds[0]);
        (await Queue.ProgressAsync(projectId, raters[1])).LeftInQueue.ShouldBe(1, "a leased repeat holds no place");

        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], repeat.ComparisonId, VoteChoice.Right))).ShouldBe(VoteOutcome.Recorded);
        (await Queue.ProgressAsync(projectId, raters[1])).LeftInQueue.ShouldBe(1, "a repeated vote takes no place");
        (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldNotBeNull().ComparisonId.ShouldBe(comparisonIds[0]);
    }

    [Fact]
    public async Task An_item_the_rater_leased_and_abandoned_is_left_for_them_again_once_its_lease_expires()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 2, votesPerComparison: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var abandoned = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();
        (await Queue.ProgressAsync(projectId, rater)).LeftInQueue.ShouldBe(2);

        fixture.ExpireLeases();

        (await Queue.ProgressAsync(projectId, rater)).LeftInQueue.ShouldBe(2);
        var again = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();
        (await fixture.Engine.NextAsync(projectId, rater, [again.ComparisonId])).ShouldNotBeNull();
        again.ComparisonId.ShouldBe(abandoned.ComparisonId);
    }

    [Fact]
    public async Task A_paused_rater_has_nothing_left_and_is_told_why()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 3);
        var raters = await fixture.CreateRatersAsync(2);
        var pauses = fixture.App.Services.GetRequiredService<RaterPauses>();
        (await pauses.PauseAsync(projectId, raters[0], "Answers faster than anyone can read", pausedById: raters[1])).ShouldBeTrue();

        (await Queue.ProgressAsync(projectId, raters[0])).ShouldBe(new RaterProgress(0, 0, "Answers faster than anyone can read", PausedAutomatically: false));
        (await Queue.ProjectsAsync(raters[0])).Single(p => p.ProjectId == projectId).Progress.IsPaused.ShouldBeTrue();
        (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldBeNull();
        (await Queue.ProgressAsync(projectId, raters[1])).ShouldBe(new RaterProgress(0, 3));
    }

    [Fact]
    public async Task The_page_can_lease_the_next_item_ahead_and_mark_it_shown_when_it_appears()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 3);
        var rater = (await fixture.CreateRatersAsync(1))[0];

        var onScreen = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();
        var ahead = (await fixture.Engine.NextAsync(projectId, rater, [onScreen.ComparisonId])).ShouldNotBeNull();
        var again = (await fixture.Engine.NextAsync(projectId, rater, [onScreen.ComparisonId])).ShouldNotBeNull();

        ahead.ComparisonId.ShouldNotBe(onScreen.ComparisonId);
        again.ComparisonId.ShouldBe(ahead.ComparisonId, "asking again returns the lease already held, not a third item");

        await Task.Delay(50);
        (await fixture.Engine.MarkShownAsync(ahead.LeaseId, rater)).ShouldBeTrue();
        await using var db = fixture.NewContext();
        var lease = await db.AssignmentLeases.SingleAsync(l => l.Id == ahead.LeaseId);
        lease.ShownAt.ShouldBeGreaterThan(ahead.ShownAt);
        (await fixture.Engine.MarkShownAsync(ahead.LeaseId, "someone-else")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_item_a_rater_sees_lists_candidates_in_the_assigned_order_and_hides_gold()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 0, goldComparisons: 1, goldRate: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var assignment = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();

        var item = await fixture.App.Services.GetRequiredService<RatingItems>().LoadAsync(assignment);

        item.Candidates.Select(c => c.CandidateId).ShouldBe(assignment.ShownOrder);
        item.Prompt.ShouldStartWith("Prompt");
        item.Candidates.ShouldAllBe(c => c.Text!.StartsWith("Answer"));
        typeof(RatingItem).GetProperties().Select(p => p.Name).ShouldNotContain(n => n.Contains("Gold"));
    }

    [Fact]
    public async Task Gold_answers_are_scored_per_rater_whichever_side_the_known_answer_was_shown_on()
    {
        var (projectId, ids) = await fixture.CreateProjectAsync(comparisons: 0, goldComparisons: 4, goldRate: 1);
        await using (var db = fixture.NewContext())
        {
            var golds = await db.Comparisons.Include(c => c.Candidates).Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync();
            golds[0].GoldPreferredCandidateId = golds[0].Candidates[0].CandidateId;
            golds[1].GoldPreferredCandidateId = golds[1].Candidates[1].CandidateId;
            golds[2].GoldPreferredCandidateId = golds[2].Candidates[0].CandidateId;
            golds[3].GoldPreferredCandidateId = null;
            await db.SaveChangesAsync();
        }

        var raters = await fixture.CreateRatersAsync(2);
        await using (var db = fixture.NewContext())
        {
            var preferred = await db.Comparisons.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.GoldPreferredCandidateId);
            foreach (var (rater, rightAnswers) in new[] { (raters[0], 4), (raters[1], 1) })
            {
                for (var i = 0; i < 4; i++)
                {
                    var a = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();
                    var known = preferred[a.ComparisonId];
                    var right = known is null ? VoteChoice.Tie : a.ShownOrder[0] == known ? VoteChoice.Left : VoteChoice.Right;
                    var wrong = right == VoteChoice.Left ? VoteChoice.Right : VoteChoice.Left;
                    await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater, a.ComparisonId, i < rightAnswers ? right : wrong));
                }
            }
        }

        var scores = await fixture.App.Services.GetRequiredService<GoldScores>().ForProjectAsync(projectId);

        scores.Single(s => s.RaterId == raters[0]).ShouldSatisfyAllConditions(s => s.Answered.ShouldBe(4), s => s.Correct.ShouldBe(4));
        scores.Single(s => s.RaterId == raters[1]).ShouldSatisfyAllConditions(s => s.Answered.ShouldBe(4), s => s.Correct.ShouldBe(1), s => s.Accuracy.ShouldBe(0.25));
    }
}
