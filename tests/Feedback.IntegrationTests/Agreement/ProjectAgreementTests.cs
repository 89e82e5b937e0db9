using Feedback.Core.Agreement;
using Feedback.IntegrationTests.Rating;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Agreement;

public sealed class ProjectAgreementTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    private ProjectAgreement Agreement => fixture.App.Services.GetRequiredService<ProjectAgreement>();

    [Fact]
    public async Task The_database_report_equals_the_in_memory_computation_over_the_same_votes_whatever_side_each_rater_saw()
    {
        var raters = await fixture.CreateRatersAsync(4);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(12);
        var table = new List<(string, string, string)>();
        var random = new Random(5);
        for (var i = 0; i < comparisons.Count; i++)
        {
            var truth = i % 3 == 0 ? 1 : 0;
            for (var r = 0; r < raters.Count; r++)
            {
                if (r == 3 && i % 4 == 0)
                {
                    continue;
                }

                var label = r switch { 2 => i % 2, 3 => random.Next(4), _ => truth };
                await AgreementVotes.AddAsync(fixture, comparisons[i], raters[r], label, swapped: random.Next(2) == 0);
                table.Add((comparisons[i].ToString(), raters[r], label.ToString()));
            }
        }

        var report = await Agreement.ComputeAsync(projectId, minSharedItems: 5);
        var expected = RatingTable.Compute(table, minSharedItems: 5);

        report.Items.ShouldBe(12);
        report.Ratings.ShouldBe(expected.Ratings);
        report.PercentAgreement.ShouldBe(expected.PercentAgreement, 1e-9);
        report.FleissKappa.ShouldBe(expected.FleissKappa, 1e-9);
        report.KrippendorffAlpha.ShouldBe(expected.KrippendorffAlpha, 1e-9);
        report.Pairs.Count.ShouldBe(6);
        foreach (var pair in report.Pairs)
        {
            var same = expected.Pairs.Single(p => p.RaterA == pair.RaterA && p.RaterB == pair.RaterB);
            pair.SharedItems.ShouldBe(same.SharedItems);
            pair.CohenKappa.ShouldBe(same.CohenKappa, 1e-9);
        }

        report.Pairs.Single(p => new[] { p.RaterA, p.RaterB }.Order().SequenceEqual(new[] { raters[0], raters[1] }.Order())).PercentAgreement.ShouldBe(1);
        report.Raters.Select(r => (r.RaterId, r.MajorityCompared, r.MajorityAgreed))
            .ShouldBe(expected.Raters.Select(r => (r.RaterId, r.MajorityCompared, r.MajorityAgreed)), ignoreOrder: true);
    }

    [Fact]
    public async Task A_time_window_counts_only_the_votes_answered_inside_it()
    {
        var raters = await fixture.CreateRatersAsync(2);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(4);
        var lastWeek = DateTimeOffset.UtcNow.AddDays(-7);
        for (var i = 0; i < comparisons.Count; i++)
        {
            await AgreementVotes.AddAsync(fixture, comparisons[i], raters[0], 0, answeredAt: i < 2 ? lastWeek : null);
            await AgreementVotes.AddAsync(fixture, comparisons[i], raters[1], i < 2 ? 0 : 1, answeredAt: i < 2 ? lastWeek : null);
        }

        var recent = await Agreement.ComputeAsync(projectId, new AgreementWindow(DateTimeOffset.UtcNow.AddDays(-1)), minSharedItems: 1);
        var earlier = await Agreement.ComputeAsync(projectId, new AgreementWindow(To: DateTimeOffset.UtcNow.AddDays(-1)), minSharedItems: 1);

        recent.Items.ShouldBe(2);
        recent.PercentAgreement.ShouldBe(0);
        earlier.Items.ShouldBe(2);
        earlier.PercentAgreement.ShouldBe(1);
    }

    [Fact]
    public async Task Swapped_repeats_are_left_out_of_agreement()
    {
        var raters = await fixture.CreateRatersAsync(2);
        var (projectId, comparisons) = await fixture.CreateProjectAsync(1);
        await AgreementVotes.AddAsync(fixture, comparisons[0], raters[0], 0);
        await AgreementVotes.AddAsync(fixture, comparisons[0], raters[1], 0);
        await AgreementVotes.AddAsync(fixture, comparisons[0], raters[1], 1, swapped: true, isSwapRepeat: true);

        var report = await Agreement.ComputeAsync(projectId, minSharedItems: 1);

        report.Ratings.ShouldBe(2);
        report.PercentAgreement.ShouldBe(1);
    }
}
