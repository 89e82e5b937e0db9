using Feedback.Core.Agreement;
using Feedback.IntegrationTests.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Agreement;

public sealed class DisagreementAndOverlapTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    [Fact]
    public async Task A_raters_disagreements_are_the_items_where_they_went_against_the_others_majority()
    {
        var raters = await fixture.CreateRatersAsync(3);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(3);
        foreach (var id in comparisons)
        {
            await AgreementVotes.AddAsync(fixture, id, raters[0], 0);
            await AgreementVotes.AddAsync(fixture, id, raters[1], 0, swapped: true);
        }

        await AgreementVotes.AddAsync(fixture, comparisons[0], raters[2], 1);
        await AgreementVotes.AddAsync(fixture, comparisons[1], raters[2], 0);
        await AgreementVotes.AddAsync(fixture, comparisons[2], raters[2], 2);

        var disagreements = await fixture.App.Services.GetRequiredService<RaterDisagreements>().ForRaterAsync(projectId, raters[2]);

        disagreements.Select(d => (d.ComparisonId, d.RaterLabel, d.MajorityLabel)).ShouldBe(
            [(comparisons[2], "tie", "first better"), (comparisons[0], "second better", "first better")], ignoreOrder: true);
        disagreements.ShouldAllBe(d => d.Prompt.StartsWith("Prompt "));
    }

    [Fact]
    public async Task Comparisons_with_low_agreement_and_all_their_votes_ask_for_more_up_to_the_cap()
    {
        var raters = await fixture.CreateRatersAsync(3);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(3, votesPerComparison: 3);
        for (var r = 0; r < 3; r++)
        {
            await AgreementVotes.AddAsync(fixture, comparisons[0], raters[r], r == 0 ? 1 : 0);
            await AgreementVotes.AddAsync(fixture, comparisons[1], raters[r], 0);
        }

        await AgreementVotes.AddAsync(fixture, comparisons[2], raters[0], 0);
        await AgreementVotes.AddAsync(fixture, comparisons[2], raters[1], 1);
        var overlap = fixture.App.Services.GetRequiredService<AdaptiveOverlap>();

        var raised = await overlap.RaiseAsync(projectId, new AdaptiveOverlap.Settings(BelowAgreement: 0.6, ExtraVotes: 2, MaxVotes: 5));
        var again = await overlap.RaiseAsync(projectId, new AdaptiveOverlap.Settings(BelowAgreement: 0.6, ExtraVotes: 2, MaxVotes: 5));

        raised.ShouldBe(1, "one comparison split 2 to 1; one agreed; one still waits for its third vote");
        again.ShouldBe(0, "it now waits for its fifth vote");
        await using var db = fixture.NewContext();
        var wanted = await db.Comparisons.Where(c => comparisons.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.VotesWantedOverride).ToListAsync();
        wanted.ShouldBe([5, null, null]);
    }

    [Fact]
    public async Task The_timeline_counts_votes_and_agreement_per_day()
    {
        var raters = await fixture.CreateRatersAsync(2);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(2);
        var today = DateTimeOffset.UtcNow;
        var yesterday = today.AddDays(-1);
        await AgreementVotes.AddAsync(fixture, comparisons[0], raters[0], 0, answeredAt: yesterday);
        await AgreementVotes.AddAsync(fixture, comparisons[0], raters[1], 0, answeredAt: yesterday);
        await AgreementVotes.AddAsync(fixture, comparisons[1], raters[0], 0, answeredAt: today);
        await AgreementVotes.AddAsync(fixture, comparisons[1], raters[1], 1, answeredAt: today);

        var days = await fixture.App.Services.GetRequiredService<AgreementTimeline>().ForProjectAsync(projectId);

        days.Count.ShouldBe(2);
        days.Select(d => d.Votes).ShouldBe([2L, 2L]);
        days.Select(d => d.PercentAgreement).ShouldBe([1.0, 0.0]);
        days[1].Date.ShouldBe(DateOnly.FromDateTime(today.UtcDateTime));
    }
}
