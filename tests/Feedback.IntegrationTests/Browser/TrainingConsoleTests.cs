using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.IntegrationTests.Training;
using Feedback.Jobs.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TrainingConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserApp app = null!;

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        await TestUsers.CreateAsync(app.Factory, "rhea", Roles.Researcher);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_researcher_snapshots_the_votes_starts_a_reward_model_run_watches_it_finish_and_sees_the_checkpoint_lineage()
    {
        var (projectId, _) = await LoopFixture.VotedProjectAsync(app.Factory, "Console", comparisons: 24);
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await BrowserSteps.OpenProjectAsync(page, projectId);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Training" }).ClickAsync();
        await page.GetByTestId("gate-win-rate").FillAsync("60");
        await page.GetByTestId("gate-win-rate").BlurAsync();
        await page.GetByTestId("save-gate").ClickAsync();
        await Expect(page.GetByText("Gate saved")).ToBeVisibleAsync();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            (await db.Projects.Where(p => p.Id == projectId).Select(p => p.Gate.MinWinRate).SingleAsync()).ShouldBe(0.6, 1e-9);
        }

        // The tab is drawn anew when it comes back, from the saved gate rather than the one the page first loaded.
        // Each switch is awaited on screen: until the server's render arrives the old panel stays on the page, and a click
        // on it would go to components the switch has already disposed.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Checkpoints" }).ClickAsync();
        await Expect(page.GetByTestId("checkpoints-table")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Training" }).ClickAsync();
        await Expect(page.GetByTestId("checkpoints-table")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("gate-win-rate")).ToHaveValueAsync("60");

        await page.GetByTestId("new-snapshot").ClickAsync();
        await page.GetByTestId("snapshot-name").FillAsync("From the console");
        await page.GetByTestId("create-snapshot").ClickAsync();
        await Expect(page.GetByTestId("snapshots-table")).ToContainTextAsync("From the console", new() { Timeout = 30_000 });

        await page.GetByTestId("new-run").ClickAsync();
        var hyperparameters = page.GetByTestId("run-hyperparameters");
        await Expect(hyperparameters).ToHaveValueAsync(TrainingHyperparameters.DefaultsJson(TrainingRunKind.RewardModel));
        await Expect(page.GetByTestId("run-snapshot")).ToHaveCountAsync(1);
        await hyperparameters.FillAsync(LoopFixture.TinyRewardModel);
        await StartRunAndWaitForItsPageAsync(tab, projectId);
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Queued");

        // A worker on the training queue takes the run; the page follows it without a reload.
        long runId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            runId = await db.TrainingRuns.Where(r => r.ProjectId == projectId).Select(r => r.Id).SingleAsync();
        }

        await Task.Run(() => app.Services.GetRequiredService<TrainingRunExecutor>().RunAsync(runId, lastAttempt: true, CancellationToken.None));
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("run-checkpoint")).ToContainTextAsync($"reward-run-{runId}");
        await Expect(page.GetByTestId("metric-chart").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("run-log")).ToContainTextAsync("Registered checkpoint");
        await BrowserSteps.ScreenshotAsync(page, "training-run");

        await BrowserSteps.OpenProjectAsync(page, projectId, "Checkpoints");
        var checkpoints = page.GetByTestId("checkpoints-table");
        await Expect(checkpoints).ToContainTextAsync($"reward-run-{runId}");
        await Expect(checkpoints).ToContainTextAsync("snapshot From the console");
        await Expect(checkpoints).ToContainTextAsync("Shipped base model");
        await BrowserSteps.ScreenshotAsync(page, "project-checkpoints");
    }

    [Fact]
    public async Task A_researcher_schedules_training_at_most_hourly_and_is_told_before_a_schedule_replaces_another()
    {
        var (projectId, _) = await LoopFixture.VotedProjectAsync(app.Factory, "Scheduled console", comparisons: 4);
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await BrowserSteps.OpenProjectAsync(page, projectId, "Training");

        await page.GetByTestId("new-run").ClickAsync();
        await page.GetByText("Repeat on a schedule").ClickAsync();
        await Expect(page.GetByTestId("schedule-replaces")).ToHaveCountAsync(0);
        await page.GetByTestId("run-cron").FillAsync("*/5 * * * *");
        await page.GetByTestId("start-run").ClickAsync();
        await Expect(page.Locator(".mud-dialog .mud-alert")).ToContainTextAsync("more than once an hour");
        await page.GetByTestId("run-cron").FillAsync("0 2 * * *");
        await page.GetByTestId("start-run").ClickAsync();
        await Expect(page.GetByText("Schedule saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("schedules-table")).ToContainTextAsync("0 2 * * *");

        await page.GetByTestId("new-run").ClickAsync();
        await page.GetByText("Repeat on a schedule").ClickAsync();
        await Expect(page.GetByTestId("schedule-replaces")).ToContainTextAsync("0 2 * * *");
        await Expect(page.GetByTestId("start-run")).ToHaveTextAsync("Replace schedule");
        await BrowserSteps.ScreenshotAsync(page, "training-schedule-replaces");
        await page.GetByTestId("run-cron").FillAsync("30 4 * * *");
        await page.GetByTestId("start-run").ClickAsync();
        await Expect(page.GetByTestId("schedules-table")).ToContainTextAsync("30 4 * * *");
        await Expect(page.GetByTestId("schedules-table")).Not.ToContainTextAsync("0 2 * * *");
        await BrowserSteps.ScreenshotAsync(page, "training-schedules");
    }

    /// <summary>
    /// Presses Start and waits for the new run's page. When the page does not come and the server has recorded no run
    /// while the dialog still offers Start, the press never reached the server: it is pressed once more, as a researcher
    /// would. Otherwise the test fails with what the dialog, the browser and the database showed.
    /// </summary>
    private async Task StartRunAndWaitForItsPageAsync(BrowserPage tab, long projectId)
    {
        var start = tab.Page.GetByTestId("start-run");
        await start.ClickAsync();
        if (await RunPageOpensAsync(tab.Page))
        {
            return;
        }

        var runs = await RunCountAsync(projectId);
        if (runs == 0 && await start.IsVisibleAsync() && await start.IsEnabledAsync())
        {
            Console.WriteLine("TrainingConsoleTests: the first press of Start recorded no run; pressing it again.");
            await start.ClickAsync();
            if (await RunPageOpensAsync(tab.Page))
            {
                return;
            }

            runs = await RunCountAsync(projectId);
        }

        var alerts = await tab.Page.Locator(".mud-dialog .mud-alert").AllInnerTextsAsync();
        var dialogOpen = await tab.Page.Locator(".mud-dialog").CountAsync() > 0;
        var screenshot = await BrowserSteps.ScreenshotAsync(tab.Page, "training-start-run-failed");
        throw new TimeoutException(
            $"Starting the run did not open its page. Runs recorded: {runs}; dialog open: {dialogOpen}; " +
            $"dialog alerts: [{string.Join("; ", alerts)}]; browser errors: [{string.Join("; ", tab.Errors)}]; " +
            $"page: {tab.Page.Url}; screenshot: {screenshot}");
    }

    private static async Task<bool> RunPageOpensAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync("**/runs/*", new() { Timeout = 20_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<int> RunCountAsync(long projectId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        return await db.TrainingRuns.CountAsync(r => r.ProjectId == projectId);
    }
}
