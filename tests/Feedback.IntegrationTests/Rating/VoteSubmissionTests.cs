using Npgsql;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Microsoft.EntityFrameworkCore;

namespace Feedback.IntegrationTests.Rating;

public sealed class VoteSubmissionTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    [Fact]
    public async Task A_ranking_of_three_is_stored_as_one_vote()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 1, candidatesPerComparison: 3);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var assignment = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();
        var ranking = assignment.ShownOrder.Reverse().ToList();

        var outcome = await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater, assignment.ComparisonId, Ranking: ranking));

        outcome.ShouldBe(VoteOutcome.Recorded);
        await using var db = fixture.NewContext();
        var vote = await db.Votes.SingleAsync(v => v.ComparisonId == assignment.ComparisonId);
        vote.Ranking.ShouldBe(ranking.ToArray());
        vote.Choice.ShouldBeNull();
    }

    [Fact]
    public async Task A_vote_that_does_not_fit_its_comparison_is_refused_with_a_reason()
    {
        var (pairProject, _) = await fixture.CreateProjectAsync(comparisons: 1);
        var (rankingProject, _) = await fixture.CreateProjectAsync(comparisons: 1, candidatesPerComparison: 3);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var pair = (await fixture.Engine.NextAsync(pairProject, rater)).ShouldNotBeNull();
        var triple = (await fixture.Engine.NextAsync(rankingProject, rater)).ShouldNotBeNull();

        (await Should.ThrowAsync<VoteRejectedException>(() => fixture.Votes.SubmitAsync(
            new VoteRequest(Guid.NewGuid(), rater, pair.ComparisonId, Ranking: pair.ShownOrder)))).Message.ShouldContain("is a pair");
        (await Should.ThrowAsync<VoteRejectedException>(() => fixture.Votes.SubmitAsync(
            new VoteRequest(Guid.NewGuid(), rater, triple.ComparisonId, VoteChoice.Left)))).Message.ShouldContain("send a ranking");
        (await Should.ThrowAsync<VoteRejectedException>(() => fixture.Votes.SubmitAsync(
            new VoteRequest(Guid.NewGuid(), rater, triple.ComparisonId, Ranking: [triple.ShownOrder[0], triple.ShownOrder[0], triple.ShownOrder[1]])))).Message.ShouldContain("each of");
        await Should.ThrowAsync<VoteRejectedException>(() => fixture.Votes.SubmitAsync(
            new VoteRequest(Guid.NewGuid(), rater, pair.ComparisonId, VoteChoice.Left, Ranking: pair.ShownOrder)));

        await using var db = fixture.NewContext();
        (await db.Votes.CountAsync(v => v.RaterId == rater)).ShouldBe(0);
    }

    [Fact]
    public async Task A_vote_without_an_assignment_is_not_stored()
    {
        var (_, ids) = await fixture.CreateProjectAsync(comparisons: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];

        var outcome = await fixture.Votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater, ids[0], VoteChoice.Left));

        outcome.ShouldBe(VoteOutcome.NotAssigned);
    }

    [Fact]
    public async Task Strength_and_rationale_are_kept_with_the_vote()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var assignment = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();

        await fixture.Votes.SubmitAsync(new VoteRequest(
            Guid.NewGuid(), rater, assignment.ComparisonId, VoteChoice.Right, Strength: PreferenceStrength.Much, Rationale: "  The left answer is wrong.  "));

        await using var db = fixture.NewContext();
        var vote = await db.Votes.SingleAsync(v => v.ComparisonId == assignment.ComparisonId);
        vote.Strength.ShouldBe(PreferenceStrength.Much);
        vote.Rationale.ShouldBe("The left answer is wrong.");
    }

    [Fact]
    public async Task A_vote_resent_after_the_database_dropped_every_connection_is_stored_once()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var assignment = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();
        var vote = new VoteRequest(Guid.NewGuid(), rater, assignment.ComparisonId, VoteChoice.Left);
        (await fixture.Votes.SubmitAsync(vote)).ShouldBe(VoteOutcome.Recorded);

        // What a server restart does to the app's pooled connections: every one of them is cut.
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fixture.App.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            await kill.ExecuteScalarAsync();
        }

        // The page never heard back, so it sends the same vote again once the database answers.
        (await fixture.Votes.SubmitAsync(vote)).ShouldBe(VoteOutcome.AlreadyRecorded);

        await using var db = fixture.NewContext();
        (await db.Votes.CountAsync(v => v.ComparisonId == assignment.ComparisonId)).ShouldBe(1);
    }
}
