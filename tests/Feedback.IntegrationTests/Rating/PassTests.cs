using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Microsoft.EntityFrameworkCore;

namespace Feedback.IntegrationTests.Rating;

public sealed class PassTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    [Fact]
    public async Task A_skipped_item_goes_back_to_the_pool_for_others_but_not_to_the_rater_who_skipped()
    {
        var (projectId, ids) = await fixture.CreateProjectAsync(comparisons: 1, votesPerComparison: 1);
        var raters = await fixture.CreateRatersAsync(2);
        var assignment = (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldNotBeNull();

        await fixture.Votes.PassAsync(raters[0], assignment.ComparisonId, PassKind.Skip);
        await fixture.Votes.PassAsync(raters[0], assignment.ComparisonId, PassKind.Skip);

        (await fixture.Engine.NextAsync(projectId, raters[0])).ShouldBeNull();
        (await fixture.Engine.NextAsync(projectId, raters[1])).ShouldNotBeNull().ComparisonId.ShouldBe(ids[0]);
    }

    [Fact]
    public async Task A_flag_keeps_its_reason_and_a_flag_without_one_is_refused()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(comparisons: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var assignment = (await fixture.Engine.NextAsync(projectId, rater)).ShouldNotBeNull();

        await Should.ThrowAsync<VoteRejectedException>(() => fixture.Votes.PassAsync(rater, assignment.ComparisonId, PassKind.Flag, "  "));
        await fixture.Votes.PassAsync(rater, assignment.ComparisonId, PassKind.Flag, " Both answers are cut off. ");

        await using var db = fixture.NewContext();
        var flag = await db.ComparisonPasses.SingleAsync(p => p.ComparisonId == assignment.ComparisonId);
        flag.Kind.ShouldBe(PassKind.Flag);
        flag.Reason.ShouldBe("Both answers are cut off.");
        (await db.Votes.CountAsync(v => v.ComparisonId == assignment.ComparisonId)).ShouldBe(0);
    }

    [Fact]
    public async Task Passing_on_an_item_that_is_not_assigned_is_refused()
    {
        var (_, ids) = await fixture.CreateProjectAsync(comparisons: 1);
        var rater = (await fixture.CreateRatersAsync(1))[0];

        await Should.ThrowAsync<VoteRejectedException>(() => fixture.Votes.PassAsync(rater, ids[0], PassKind.Skip));
    }
}
