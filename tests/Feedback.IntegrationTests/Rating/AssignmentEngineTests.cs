using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Microsoft.EntityFrameworkCore;

namespace Feedback.IntegrationTests.Rating;

public sealed class AssignmentEngineTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    [Fact]
    public async Task Fifty_concurrent_raters_on_k3_leave_every_comparison_with_exactly_three_votes_despite_retries()
    {
        var (projectId, comparisonIds) = await fixture.CreateProjectAsync(comparisons: 30, votesPerComparison: 3);
        var raters = await fixture.CreateRatersAsync(50);
        var recorded = 0;
        var retriesCountedOnce = 0;

        await Task.WhenAll(raters.Select(rater => Task.Run(async () =>
        {
            while (await fixture.Engine.NextAsync(projectId, rater) is { } assignment)
            {
                var vote = new VoteRequest(Guid.NewGuid(), rater, assignment.ComparisonId, VoteChoice.Left);
                var submissions = await Task.WhenAll(fixture.Votes.SubmitAsync(vote), fixture.Votes.SubmitAsync(vote));
                if (submissions.All(o => o == VoteOutcome.NotAssigned))
                {
                    // On a busy machine a rater can hold its item past the fixture's 2-second lease while another takes its place.
                    continue;
                }

                submissions.Count(o => o == VoteOutcome.Recorded).ShouldBe(1);
                Interlocked.Increment(ref recorded);

                // A double click that made a second client vote id.
                var again = await fixture.Votes.SubmitAsync(vote with { ClientVoteId = Guid.NewGuid() });
                again.ShouldBe(VoteOutcome.AlreadyRecorded);
                Interlocked.Increment(ref retriesCountedOnce);
            }
        })));

        await using var db = fixture.NewContext();
        var perComparison = await db.Votes.Where(v => comparisonIds.Contains(v.ComparisonId))
            .GroupBy(v => v.ComparisonId)
            .Select(g => new { g.Key, Count = g.Count(), Raters = g.Select(v => v.RaterId).Distinct().Count() })
            .ToListAsync();
        perComparison.Count.ShouldBe(30);
        perComparison.ShouldAllBe(c => c.Count == 3 && c.Raters == 3);
        recorded.ShouldBe(90);
        retriesCountedOnce.ShouldBe(90);
        (await db.AssignmentLeases.CountAsync(l => comparisonIds.Contains(l.ComparisonId))).ShouldBe(0);
    }

    [Fact]
    public async Task A_rater_never_gets_the_same_comparison_twice()
    {
        var (projectId, comparisonIds) = await fixture.CreateProjectAsync(comparisons: 3, votesPerComparison: 5);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var seen = new List<long>();

        while (await fixture.Engine.NextAsync(projectId, rater) is { } assignment)
        {
            seen.Add(assignment.ComparisonId);
            (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater, assignment.ComparisonId, VoteChoice.Tie))).ShouldBe(VoteOutcome.Recorded);
        }

        seen.ShouldBe(comparisonIds, ignoreOrder: true);
    }

    [Fact]
    public async Task Asking_again_before_voting_returns_the_open_assignment()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 3);
        var rater = (await fixture.CreateRatersAsync(1))[0];

        var first = await fixture.Engine.NextAsync(projectId, rater);
        var second = await fixture.Engine.NextAsync(projectId, rater);

        second.ShouldNotBeNull().LeaseId.ShouldBe(first.ShouldNotBeNull().LeaseId);
        second.ShownOrder.ShouldBe(first.ShownOrder);
    }

    [Fact]
    public async Task An_abandoned_assignment_returns_to_the_pool_when_its_lease_expires()
    {
        var (projectId, comparisonIds) = await fixture.CreateProjectAsync(comparisons: 1, votesPerComparison: 1);
        var raters = await fixture.CreateRatersAsync(2);

        (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();
        (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldBeNull();

        fixture.ExpireLeases();
        (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldNotBeNull().ComparisonId.ShouldBe(comparisonIds[0]);
    }

    [Fact]
    public async Task A_vote_held_past_its_lease_counts_only_while_the_comparison_still_wants_it()
    {
        var (projectId, comparisonIds) = await fixture.CreateProjectAsync(comparisons: 1, votesPerComparison: 1);
        var raters = await fixture.CreateRatersAsync(3);
        (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();
        fixture.ExpireLeases();

        // Nobody took its place: the late vote still counts.
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], comparisonIds[0], VoteChoice.Left))).ShouldBe(VoteOutcome.Recorded);

        var (secondProject, secondIds) = await fixture.CreateProjectAsync(comparisons: 1, votesPerComparison: 1);
        (await fixture.Engine.NextAsync(secondProject, raters[1])).ShouldNotBeNull();
        fixture.ExpireLeases();
        (await fixture.Engine.NextAsync(secondProject, raters[2])).ShouldNotBeNull().ComparisonId.ShouldBe(secondIds[0]);

        // Another rater holds the only place now: the late vote is refused, and the place stays theirs.
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[1], secondIds[0], VoteChoice.Left))).ShouldBe(VoteOutcome.NotAssigned);
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[2], secondIds[0], VoteChoice.Right))).ShouldBe(VoteOutcome.Recorded);

        await using var db = fixture.NewContext();
        (await db.Votes.CountAsync(v => v.ComparisonId == secondIds[0])).ShouldBe(1);
        (await db.AssignmentLeases.CountAsync(l => l.ComparisonId == secondIds[0])).ShouldBe(0);
    }

    [Fact]
    public async Task An_item_leased_ahead_past_its_lease_is_not_shown_once_others_have_taken_its_places()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 2, votesPerComparison: 1);
        var raters = await fixture.CreateRatersAsync(2);
        var onScreen = (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();
        var ahead = (await fixture.Engine.NextAsync(projectId, raters[0], [onScreen.ComparisonId])).ShouldNotBeNull();
        fixture.ExpireLeases();

        // Another rater takes both places the expired leases held, and answers the one leased ahead.
        var first = (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldNotBeNull();
        var second = (await fixture.Engine.NextAsync(projectId, raters[1], [first.ComparisonId])).ShouldNotBeNull();
        new[] { first.ComparisonId, second.ComparisonId }.ShouldContain(ahead.ComparisonId);
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[1], ahead.ComparisonId, VoteChoice.Left))).ShouldBe(VoteOutcome.Recorded);

        (await fixture.Engine.MarkShownAsync(ahead.LeaseId, raters[0])).ShouldBeFalse();
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], ahead.ComparisonId, VoteChoice.Right))).ShouldBe(VoteOutcome.NotAssigned);
        await using var db = fixture.NewContext();
        (await db.Votes.CountAsync(v => v.ComparisonId == ahead.ComparisonId)).ShouldBe(1);
        (await db.AssignmentLeases.CountAsync(l => l.ComparisonId == ahead.ComparisonId)).ShouldBe(0);
    }

    [Fact]
    public async Task An_item_leased_ahead_past_its_lease_is_shown_and_renewed_while_it_still_wants_votes()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 2, votesPerComparison: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var onScreen = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();
        var ahead = (await fixture.Engine.NextAsync(projectId, rater, [onScreen.ComparisonId])).ShouldNotBeNull();
        fixture.ExpireLeases();

        (await fixture.Engine.MarkShownAsync(ahead.LeaseId, rater)).ShouldBeTrue();

        await using var db = fixture.NewContext();
        (await db.AssignmentLeases.SingleAsync(l => l.Id == ahead.LeaseId)).ExpiresAt.ShouldBeGreaterThan(ahead.ExpiresAt);
        (await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater, ahead.ComparisonId, VoteChoice.Tie))).ShouldBe(VoteOutcome.Recorded);
    }

    [Fact]
    public async Task Sides_are_randomized_per_assignment_and_the_vote_records_what_was_shown()
    {
        var (projectId, comparisonIds) = await fixture.CreateProjectAsync(comparisons: 60, votesPerComparison: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        await using var db = fixture.NewContext();
        var storedFirst = await db.ComparisonCandidates.Where(cc => comparisonIds.Contains(cc.ComparisonId) && cc.Position == 0)
            .ToDictionaryAsync(cc => cc.ComparisonId, cc => cc.CandidateId);
        var swapped = 0;

        while (await fixture.Engine.NextAsync(projectId, rater) is { } assignment)
        {
            if (assignment.ShownOrder[0] != storedFirst[assignment.ComparisonId])
            {
                swapped++;
            }

            await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater, assignment.ComparisonId, VoteChoice.Right));
            var vote = await db.Votes.AsNoTracking().SingleAsync(v => v.ComparisonId == assignment.ComparisonId);
            vote.ShownOrder.ShouldBe(assignment.ShownOrder.ToArray());
            vote.ShownAt.ShouldBe(assignment.ShownAt, TimeSpan.FromMilliseconds(1));
            vote.AnsweredAt.ShouldBeGreaterThanOrEqualTo(vote.ShownAt);
        }

        // Binomial(60, 1/2): outside 15..45 with probability below 1e-4.
        swapped.ShouldBeInRange(15, 45);
    }

    [Fact]
    public async Task Gold_comparisons_are_mixed_in_at_the_gold_rate_and_ignore_k()
    {
        var (allGold, ids) = await fixture.CreateProjectAsync(comparisons: 2, goldRate: 1.0, goldComparisons: 1);
        var (noGold, _) = await fixture.CreateProjectAsync(comparisons: 2, goldRate: 0.0, goldComparisons: 1);
        var raters = await fixture.CreateRatersAsync(5);

        foreach (var rater in raters)
        {
            (await fixture.Engine.NextAsync(allGold, rater)).ShouldNotBeNull().ComparisonId.ShouldBe(ids[^1]);
        }

        var rater0 = raters[0];
        for (var i = 0; i < 2; i++)
        {
            var assignment = (await fixture.Engine.NextAsync(noGold, rater0)).ShouldNotBeNull();
            await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater0, assignment.ComparisonId, VoteChoice.Left));
        }

        (await fixture.Engine.NextAsync(noGold, rater0)).ShouldBeNull();
    }

    [Fact]
    public async Task Oldest_first_hands_out_the_oldest_open_comparison()
    {
        var (projectId, ids) = await fixture.CreateProjectAsync(comparisons: 4, policy: AssignmentPolicy.OldestFirst);
        var rater = (await fixture.CreateRatersAsync(1))[0];

        (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull().ComparisonId.ShouldBe(ids[0]);
    }

    [Fact]
    public async Task Fewest_votes_first_prefers_the_comparison_with_fewer_votes()
    {
        var (projectId, ids) = await fixture.CreateProjectAsync(comparisons: 2, votesPerComparison: 3);
        var raters = await fixture.CreateRatersAsync(2);
        var first = (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();
        await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), raters[0], first.ComparisonId, VoteChoice.Left));

        var next = (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldNotBeNull();

        next.ComparisonId.ShouldNotBe(first.ComparisonId);
        ids.ShouldContain(next.ComparisonId);
    }

    [Fact]
    public async Task Model_uncertainty_hands_out_the_most_uncertain_comparison_first()
    {
        var (projectId, ids) = await fixture.CreateProjectAsync(comparisons: 3, policy: AssignmentPolicy.ModelUncertainty);
        await using (var db = fixture.NewContext())
        {
            await db.Comparisons.Where(c => c.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(c => c.ModelUncertainty, 0.9));
            await db.Comparisons.Where(c => c.Id == ids[2]).ExecuteUpdateAsync(s => s.SetProperty(c => c.ModelUncertainty, 0.2));
        }

        var rater = (await fixture.CreateRatersAsync(1))[0];

        (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull().ComparisonId.ShouldBe(ids[1]);
    }
}
