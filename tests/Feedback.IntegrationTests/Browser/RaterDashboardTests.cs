using Feedback.Core.Accounts;
using Feedback.Core.Agreement;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RaterDashboardTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserApp app = null!;
    private long projectId;

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        var adminId = await TestUsers.CreateAsync(app.Factory, "ada", Roles.Admin);
        var raters = new List<string>();
        foreach (var name in new[] { "careful", "steady", "lefty" })
        {
            raters.Add(await TestUsers.CreateAsync(app.Factory, name, Roles.Annotator));
        }

        projectId = await SeedAsync(raters, adminId);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>The project's rater dashboard, wide enough for every column, as the admin "ada" sees it.</summary>
    private async Task<BrowserPage> OpenDashboardAsync()
    {
        var tab = await browser.NewPageAsync(app.BaseUrl);
        await tab.Page.SetViewportSizeAsync(1600, 1000);
        await BrowserSteps.LoginAsync(tab.Page, "ada", TestUsers.Password);
        await Expect(tab.Page.GetByTestId("home-raters")).ToBeVisibleAsync();
        await tab.Page.GotoAsync($"admin/raters/{projectId}");
        await BrowserSteps.WaitForInteractiveAsync(tab.Page);
        return tab;
    }

    [Fact]
    public async Task An_admin_sees_whom_to_trust_drills_into_disagreements_and_pauses_and_resumes_a_rater()
    {
        await using var tab = await OpenDashboardAsync();
        var page = tab.Page;

        var table = page.GetByTestId("rater-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("agreement-summary")).ToContainTextAsync("Krippendorff");
        var lefty = table.Locator("tbody tr", new() { HasText = "lefty" });
        await Expect(lefty).ToContainTextAsync("100%");
        await BrowserSteps.ScreenshotAsync(page, "raters-table");

        await page.GetByTestId("rater-search").FillAsync("stea");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByTestId("rater-search").FillAsync("");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Agreement heatmap" }).ClickAsync();
        await Expect(page.GetByTestId("agreement-heatmap").Locator("tbody tr")).ToHaveCountAsync(3);
        await BrowserSteps.ScreenshotAsync(page, "raters-heatmap");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Over time" }).ClickAsync();
        await Expect(page.GetByTestId("agreement-timeline")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "raters-timeline");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Raters" }).ClickAsync();
        await lefty.GetByTestId("inspect-rater").ClickAsync();
        await Expect(page.GetByTestId("disagreements").Locator("tbody tr").First).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "raters-disagreements");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Raters" }).ClickAsync();
        await lefty.GetByTestId("pause-rater").ClickAsync();
        await page.GetByTestId("pause-reason").FillAsync("Always picks the left answer");
        await page.GetByTestId("pause-submit").ClickAsync();
        await Expect(lefty.GetByTestId("paused-chip")).ToBeVisibleAsync();
        await Expect(lefty).ToContainTextAsync("Always picks the left answer");
        await BrowserSteps.ScreenshotAsync(page, "raters-paused");
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            (await db.RaterPauses.CountAsync(p => p.ProjectId == projectId && p.ResumedAt == null)).ShouldBe(1);
        }

        await lefty.GetByTestId("resume-rater").ClickAsync();
        await Expect(lefty.GetByTestId("pause-rater")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Checks" }).ClickAsync();
        await Expect(page.GetByTestId("reliability-settings")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "raters-checks");
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Pausing_a_rater_whom_another_admin_paused_meanwhile_says_they_were_already_paused()
    {
        await using var tab = await OpenDashboardAsync();
        var page = tab.Page;
        var lefty = page.GetByTestId("rater-table").Locator("tbody tr", new() { HasText = "lefty" });
        await lefty.GetByTestId("pause-rater").ClickAsync();
        await page.GetByTestId("pause-reason").FillAsync("Always picks the left answer");

        var leftyId = (await app.Services.GetRequiredService<UserAdministration>().ListAsync()).Single(u => u.UserName == "lefty").Id;
        (await app.Services.GetRequiredService<RaterPauses>().PauseAsync(projectId, leftyId, "Paused from elsewhere", pausedById: null)).ShouldBeTrue();
        await page.GetByTestId("pause-submit").ClickAsync();

        await Expect(page.GetByText("lefty was already paused.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Paused lefty.")).ToHaveCountAsync(0);
        await Expect(lefty).ToContainTextAsync("Paused from elsewhere");
    }

    [Fact]
    public async Task An_admin_follows_a_raters_votes_to_the_snapshot_and_the_serving_checkpoint_trained_on_them()
    {
        var (snapshotId, _) = await app.Services.GetRequiredService<SnapshotBuilder>()
            .CreateAsync(new SnapshotRequest(projectId, "Week one") { HeldOutFraction = 0 }, userId: null);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            db.Checkpoints.Add(new Checkpoint
            {
                Name = "judge-1", Modality = Modality.Text, Kind = CheckpointKind.RewardModel, ProjectId = projectId, Path = "reach/judge-1",
                Sha256 = new string('0', 64), Status = CheckpointStatus.Serving, CreatedAt = now,
                TrainingRun = new TrainingRun
                {
                    ProjectId = projectId, Kind = TrainingRunKind.RewardModel, SnapshotId = snapshotId, Status = TrainingRunStatus.Succeeded, CreatedAt = now,
                },
            });
            await db.SaveChangesAsync();
        }

        await using var tab = await OpenDashboardAsync();
        var page = tab.Page;
        await page.GetByTestId("rater-table").Locator("tbody tr", new() { HasText = "lefty" }).GetByTestId("trace-rater").ClickAsync();

        await Expect(page.GetByTestId("reach-summary")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("reach-summary")).ToHaveTextAsync(
            "All 20 of lefty's votes in this project are in 1 snapshot. 1 checkpoint carries them in its weights, and it serves now.");
        await Expect(page.GetByTestId("reach-snapshots").Locator("tbody tr")).ToContainTextAsync("Week one");
        var checkpoint = page.GetByTestId("reach-checkpoints").Locator("tbody tr");
        await Expect(checkpoint).ToContainTextAsync("judge-1");
        await Expect(checkpoint).ToContainTextAsync("Serving");
        await Expect(checkpoint).ToContainTextAsync("Trained on 'Week one', which holds 20 of their votes");
        await BrowserSteps.ScreenshotAsync(page, "raters-reach");

        await page.GetByTestId("reach-close").ClickAsync();
        await Expect(page.GetByTestId("reach-summary")).ToHaveCountAsync(0);
        tab.Errors.ShouldBeEmpty();
    }

    /// <summary>
    /// Twenty pairs: "careful" and "steady" pick the better answer wherever it is shown; "lefty" picks the left side,
    /// which lands on the worse answer half the time.
    /// </summary>
    private async Task<long> SeedAsync(List<string> raters, string adminId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Name = "Answers to judge", CreatedAt = now, CreatedById = adminId, VotesPerComparison = 3 };
        var comparisons = Enumerable.Range(0, 20).Select(i =>
        {
            var prompt = new Prompt { Project = project, Text = $"Question number {i}?", CreatedAt = now };
            return new Comparison
            {
                Project = project,
                Prompt = prompt,
                CreatedAt = now,
                Candidates =
                [
                    new() { Position = 0, Candidate = new Candidate { Prompt = prompt, Text = $"A good answer {i}", CreatedAt = now } },
                    new() { Position = 1, Candidate = new Candidate { Prompt = prompt, Text = $"A poor answer {i}", CreatedAt = now } },
                ],
            };
        }).ToList();
        db.Comparisons.AddRange(comparisons);
        await db.SaveChangesAsync();

        for (var i = 0; i < comparisons.Count; i++)
        {
            var good = comparisons[i].Candidates[0].CandidateId;
            var poor = comparisons[i].Candidates[1].CandidateId;
            for (var r = 0; r < raters.Count; r++)
            {
                long[] shown = (i + r) % 2 == 0 ? [good, poor] : [poor, good];
                var choice = r == 2 ? VoteChoice.Left : shown[0] == good ? VoteChoice.Left : VoteChoice.Right;
                var answered = now.AddDays(-(i % 3)).AddMinutes(-i);
                db.Votes.Add(new Vote
                {
                    ComparisonId = comparisons[i].Id,
                    RaterId = raters[r],
                    ClientVoteId = Guid.NewGuid(),
                    Choice = choice,
                    ShownOrder = shown,
                    ShownAt = answered.AddSeconds(-(r == 2 ? 1 : 12)),
                    AnsweredAt = answered,
                });
            }
        }

        await db.SaveChangesAsync();
        return project.Id;
    }
}
