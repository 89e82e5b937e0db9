using System.Text;
using System.Text.Json;
using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Interchange;
using Feedback.Core.Projects;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DataAndLeaderboardPagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserApp app = null!;
    private long projectId;
    private string researcherId = "";

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        researcherId = await TestUsers.CreateAsync(app.Factory, "rhea", Roles.Researcher);
        projectId = await TestProjects.CreateAsync(app.Factory, new NewProject { Name = "Harmless answers" }, researcherId);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_researcher_imports_hh_pairs_refusing_a_bad_file_then_downloads_the_snapshot_as_dpo_pairs()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await page.GotoAsync($"projects/{projectId}/data");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await BrowserSteps.UploadAsync(page, File("bad.jsonl", Pair("Hi", "Hello!", "Go away."), "{\"chosen\": 3}"));
        await Expect(page.GetByTestId("data-import-result")).ToContainTextAsync("nothing was added", new() { Timeout = 30_000 });
        await Expect(page.GetByText("\"chosen\" must be a string")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "data-import-refused");

        await BrowserSteps.UploadAsync(page, File("pairs.jsonl", Pair("Hi", "Hello!", "Go away."), Pair("What is 2+2?", "4", "5")));
        await Expect(page.GetByTestId("data-import-result")).ToContainTextAsync("2 imported", new() { Timeout = 30_000 });

        var (snapshotId, result) = await app.Services.GetRequiredService<SnapshotBuilder>()
            .CreateAsync(new SnapshotRequest(projectId, "imported pairs") { HeldOutFraction = 0 }, researcherId);
        result.Succeeded.ShouldBeTrue();
        await page.ReloadAsync();
        await BrowserSteps.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("export-snapshots")).ToContainTextAsync("imported pairs");
        await BrowserSteps.ScreenshotAsync(page, "data-export");

        var download = await page.APIRequest.GetAsync($"api/snapshots/{snapshotId}/export.jsonl");
        download.Status.ShouldBe(200);
        var records = (await download.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<DpoRecord>(l)!).ToList();
        records.Select(r => r.Prompt + r.Chosen).ShouldBe(["\n\nHuman: Hi\n\nAssistant: Hello!", "\n\nHuman: What is 2+2?\n\nAssistant: 4"], ignoreOrder: true);
        (await page.APIRequest.GetAsync($"api/snapshots/{snapshotId}/export.parquet")).Status.ShouldBe(200);
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_leaderboard_ranks_checkpoints_by_battles_with_intervals_and_elo()
    {
        await SeedBattlesAsync();
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await page.GotoAsync($"projects/{projectId}/leaderboard");
        await BrowserSteps.WaitForInteractiveAsync(page);

        var rows = page.GetByTestId("leaderboard").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("policy-v2");
        await Expect(page.GetByTestId("page-project")).ToHaveTextAsync("Harmless answers");
        await Expect(page).ToHaveTitleAsync("Leaderboard · Harmless answers · Feedback");
        await BrowserSteps.ScreenshotAsync(page, "leaderboard");
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_data_page_and_the_leaderboard_of_a_project_that_does_not_exist_say_so()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        foreach (var path in new[] { "data", "leaderboard" })
        {
            await page.GotoAsync($"projects/{projectId + 1000}/{path}");
            await BrowserSteps.WaitForInteractiveAsync(page);
            await Expect(page.GetByTestId("project-missing")).ToHaveTextAsync($"Project {projectId + 1000} does not exist.");
            await Expect(page.GetByTestId("leaderboard")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("import-format")).ToHaveCountAsync(0);
        }

        tab.Errors.ShouldBeEmpty();
    }

    private async Task SeedBattlesAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var older = new Checkpoint { Name = "policy-v1", Path = "v1", Sha256 = "v1", ProjectId = projectId };
        var newer = new Checkpoint { Name = "policy-v2", Path = "v2", Sha256 = "v2", ProjectId = projectId };
        for (var i = 0; i < 12; i++)
        {
            var prompt = new Prompt { ProjectId = projectId, Text = $"Question {i}", CreatedAt = now };
            var a = new Candidate { Prompt = prompt, Text = "old answer", Checkpoint = older, CreatedAt = now };
            var b = new Candidate { Prompt = prompt, Text = "new answer", Checkpoint = newer, CreatedAt = now };
            var comparison = new Comparison
            {
                ProjectId = projectId, Prompt = prompt, CreatedAt = now,
                Candidates = [new() { Position = 0, Candidate = a }, new() { Position = 1, Candidate = b }],
            };
            db.Comparisons.Add(comparison);
            await db.SaveChangesAsync();
            db.Votes.Add(new Vote
            {
                ComparisonId = comparison.Id, RaterId = researcherId, ClientVoteId = Guid.NewGuid(),
                Choice = i % 4 == 0 ? VoteChoice.Left : VoteChoice.Right, ShownOrder = [a.Id, b.Id], ShownAt = now.AddSeconds(-9), AnsweredAt = now.AddSeconds(i),
            });
        }

        await db.SaveChangesAsync();
    }

    private static string Pair(string question, string chosen, string rejected) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["chosen"] = $"\n\nHuman: {question}\n\nAssistant: {chosen}",
        ["rejected"] = $"\n\nHuman: {question}\n\nAssistant: {rejected}",
    });

    private static FilePayload File(string name, params string[] lines) => new()
    {
        Name = name,
        MimeType = "application/jsonl",
        Buffer = Encoding.UTF8.GetBytes(string.Join("\n", lines)),
    };
}
