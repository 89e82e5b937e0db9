using System.Text;
using System.Text.RegularExpressions;
using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ProjectPagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserApp app = null!;
    private long projectId;

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        var researcherId = await TestUsers.CreateAsync(app.Factory, "rhea", Roles.Researcher);
        await TestUsers.CreateAsync(app.Factory, "ada", Roles.Admin);
        projectId = await TestProjects.CreateAsync(
            app.Factory,
            new NewProject { Name = "Helpful answers", GuidelinesMarkdown = "Prefer **correct** answers." },
            researcherId);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_researcher_queues_generation_from_the_serving_model_watches_its_progress_and_sets_the_top_up_target()
    {
        var prompts = new[] { new NewPrompt("What is 3 + 4?", []), new NewPrompt("Say thank you politely.", []) };
        (await app.Services.GetRequiredService<ProjectContent>().AddPromptsAsync(projectId, prompts, "test")).Succeeded.ShouldBeTrue();
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await BrowserSteps.OpenProjectAsync(page, projectId);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Generation" }).ClickAsync();
        await Expect(page.GetByTestId("serving-model")).ToContainTextAsync(BaseCheckpoints.TextBaseName);
        await page.GetByTestId("generate-count").FillAsync("3");
        await page.GetByTestId("generate-count").BlurAsync();
        await page.GetByTestId("generate").ClickAsync();
        var batches = page.GetByTestId("generation-batches");
        await Expect(batches.Locator("tbody tr")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(batches).ToContainTextAsync("Queued");

        // A worker on the sampling queue takes the batch; the page follows its progress without a reload.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            var batch = await db.GenerationBatches.Where(b => b.ProjectId == projectId).Select(b => new { b.Id, b.CreatedAt }).SingleAsync();
            await Expect(batches).ToContainTextAsync(batch.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm"));
            await app.Services.GetRequiredService<TextCandidateGenerator>().RunAsync(batch.Id, CancellationToken.None);
        }

        await Expect(batches).ToContainTextAsync("Succeeded", new() { Timeout = 15_000 });
        await Expect(batches).ToContainTextAsync("3 of 3");
        await page.GetByTestId("keep-unrated").FillAsync("12");
        await page.GetByTestId("keep-unrated").BlurAsync();
        await page.GetByTestId("save-sampling").ClickAsync();
        await Expect(page.GetByText("Sampling settings saved.")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "project-generation");

        await using var check = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        (await check.Projects.Where(p => p.Id == projectId).Select(p => p.Sampling.KeepUnratedComparisons).SingleAsync()).ShouldBe(12);
        (await CountComparisonsAsync()).ShouldBe(3);
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_researcher_imports_items_from_jsonl_where_a_bad_file_adds_nothing_and_adds_an_item_by_hand()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);

        await page.GotoAsync("projects");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await page.GetByTestId("project-link").GetByText("Helpful answers").ClickAsync();
        await Expect(page.GetByTestId("project-title")).ToHaveTextAsync("Helpful answers");
        await BrowserSteps.WaitForInteractiveAsync(page);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Import" }).ClickAsync();
        await BrowserSteps.UploadAsync(page, Jsonl("items-bad.jsonl",
            """{"prompt": "What is 2 + 2?", "candidates": ["4", "5"]}""",
            """{"prompt": "", "candidates": ["a", "b"]}""",
            """{"prompt": "Name a colour.", "candidates": ["red"]}"""));
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("nothing was added", new() { Timeout = 30_000 });
        var errors = page.GetByTestId("import-errors");
        await Expect(errors.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(errors.Locator("tbody tr").Nth(0).Locator("td").First).ToHaveTextAsync("2");
        await Expect(errors.Locator("tbody tr").Nth(1).Locator("td").First).ToHaveTextAsync("3");
        await BrowserSteps.ScreenshotAsync(page, "project-import-errors");
        (await CountComparisonsAsync()).ShouldBe(0);

        await BrowserSteps.UploadAsync(page, Jsonl("items.jsonl",
            """{"prompt": "What is 2 + 2?", "candidates": ["4", "5"]}""",
            """{"prompt": "And times 3?", "turns": [{"role": "user", "text": "What is 2 + 2?"}, {"role": "assistant", "text": "4"}], "candidates": ["12", "7", "I would rather not say."]}"""));
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("2 items imported", new() { Timeout = 30_000 });
        (await CountComparisonsAsync()).ShouldBe(2);
        await BrowserSteps.ScreenshotAsync(page, "project-import-done");

        await page.GetByTestId("add-item").ClickAsync();
        await page.GetByTestId("item-prompt").FillAsync("Name a prime number.");
        await page.GetByTestId("item-candidate-0").FillAsync("7");
        await page.GetByTestId("item-candidate-1").FillAsync("8");
        await BrowserSteps.ScreenshotAsync(page, "project-add-item");
        await page.GetByTestId("item-save").ClickAsync();
        await Expect(page.GetByText("Item added.")).ToBeVisibleAsync();
        (await CountComparisonsAsync()).ShouldBe(3);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Comparisons" }).ClickAsync();
        await Expect(page.GetByTestId("comparisons-table").Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Gold accuracy" })).ToHaveCountAsync(0);
        await BrowserSteps.ScreenshotAsync(page, "project-detail");
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_admin_marks_a_gold_answer_and_sees_the_gold_accuracy_tab()
    {
        var content = app.Services.GetRequiredService<ProjectContent>();
        var (comparisonId, added) = await content.AddItemAsync(projectId, new NewItem
        {
            Prompt = "What is 2 + 2?",
            Candidates = [NewCandidate.FromText("4"), NewCandidate.FromText("5")],
        });
        added.Succeeded.ShouldBeTrue();

        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "ada", TestUsers.Password);
        await BrowserSteps.OpenProjectAsync(page, projectId);
        await Expect(page.GetByTestId("figure-gold")).ToContainTextAsync("None");

        await page.GetByRole(AriaRole.Button, new() { Name = "Gold answer" }).ClickAsync();
        await page.GetByText("Gold: A is better").ClickAsync();
        await Expect(page.GetByTestId("comparisons-table")).ToContainTextAsync("A is better");
        await Expect(page.GetByTestId("figure-gold")).ToContainTextAsync("1, not shown");

        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        var comparison = await db.Comparisons.Include(c => c.Candidates).SingleAsync(c => c.Id == comparisonId);
        comparison.IsGold.ShouldBeTrue();
        comparison.GoldPreferredCandidateId.ShouldBe(comparison.Candidates.Single(c => c.Position == 0).CandidateId);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Gold accuracy" }).ClickAsync();
        await Expect(page.GetByText("No rater has answered a gold comparison in this project yet.")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "project-gold-accuracy");
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_researcher_edits_the_guidelines_with_a_safe_preview_and_raters_read_the_new_ones()
    {
        await TestUsers.CreateAsync(app.Factory, "ann", Roles.Annotator);
        var (_, added) = await app.Services.GetRequiredService<ProjectContent>().AddItemAsync(projectId, new NewItem
        {
            Prompt = "What is 2 + 2?",
            Candidates = [NewCandidate.FromText("4"), NewCandidate.FromText("5")],
        });
        added.Succeeded.ShouldBeTrue();

        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await BrowserSteps.OpenProjectAsync(page, projectId, "Guidelines");
        await Expect(page.GetByTestId("guidelines-view").Locator("strong")).ToHaveTextAsync("correct");

        await page.GetByTestId("edit-guidelines").ClickAsync();
        var editor = page.GetByTestId("guidelines-editor");
        await Expect(editor).ToHaveValueAsync("Prefer **correct** answers.");
        await editor.FillAsync("Prefer **short** answers. <script>window.__pwned = 1</script>");
        var preview = page.GetByTestId("guidelines-preview");
        await Expect(preview.Locator("strong")).ToHaveTextAsync("short");
        await Expect(preview).ToContainTextAsync("<script>");
        await BrowserSteps.ScreenshotAsync(page, "project-guidelines-edit");
        await page.GetByTestId("save-guidelines").ClickAsync();
        await Expect(page.GetByText("Guidelines saved.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("guidelines-view").Locator("strong")).ToHaveTextAsync("short");
        (await page.EvaluateAsync<bool>("() => window.__pwned === undefined")).ShouldBeTrue();

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            (await db.Projects.Where(p => p.Id == projectId).Select(p => p.GuidelinesMarkdown).SingleAsync())
                .ShouldBe("Prefer **short** answers. <script>window.__pwned = 1</script>");
        }

        await using var raterTab = await browser.NewPageAsync(app.BaseUrl);
        await BrowserSteps.LoginAsync(raterTab.Page, "ann", TestUsers.Password);
        await new RatePage(raterTab.Page).OpenAsync(projectId);
        await Expect(raterTab.Page.GetByTestId("guidelines").Locator("strong")).ToHaveTextAsync("short");

        await page.GetByTestId("edit-guidelines").ClickAsync();
        await page.GetByTestId("guidelines-editor").FillAsync("");
        await Expect(page.GetByTestId("guidelines-preview")).ToContainTextAsync("no written guidelines");
        await page.GetByTestId("save-guidelines").ClickAsync();
        await Expect(page.GetByTestId("guidelines-view").GetByTestId("default-guideline")).ToContainTextAsync("correct, helpful, polite");
        tab.Errors.ShouldBeEmpty();
        raterTab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_researcher_changes_a_projects_settings_archives_it_and_restores_it_from_the_project_list()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await BrowserSteps.OpenProjectAsync(page, projectId);

        await page.GetByTestId("project-settings").ClickAsync();
        await Expect(page.GetByTestId("settings-name")).ToHaveValueAsync("Helpful answers");
        await page.GetByTestId("settings-name").FillAsync(" ");
        await page.GetByTestId("settings-save").ClickAsync();
        await Expect(page.GetByTestId("settings-error")).ToHaveTextAsync("A name is required.");
        await page.GetByTestId("settings-name").FillAsync("Helpful answers, round two");
        await page.GetByTestId("settings-k").FillAsync("5");
        await page.GetByTestId("settings-k").BlurAsync();
        await page.GetByTestId("settings-gold").FillAsync("10");
        await page.GetByTestId("settings-gold").BlurAsync();
        await BrowserSteps.ScreenshotAsync(page, "project-settings");
        await page.GetByTestId("settings-save").ClickAsync();
        await Expect(page.GetByText("Settings saved.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("project-title")).ToHaveTextAsync("Helpful answers, round two");
        await Expect(page.GetByTestId("figure-votes-wanted")).ToContainTextAsync("5");
        await Expect(page.GetByTestId("figure-gold")).ToContainTextAsync("None yet, 10 % of tasks wanted");

        await page.GetByTestId("project-settings").ClickAsync();
        await page.GetByTestId("settings-archive").ClickAsync();
        await Expect(page.GetByText("Project archived.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("add-item")).ToBeDisabledAsync();

        await page.GotoAsync("projects");
        await BrowserSteps.WaitForInteractiveAsync(page);
        var links = page.GetByTestId("project-link");
        await Expect(links).ToHaveCountAsync(0);
        await page.GetByTestId("show-archived").ClickAsync();
        await Expect(links).ToHaveTextAsync(["Helpful answers, round two"]);
        await links.First.ClickAsync();
        await Expect(page.GetByTestId("project-title")).ToHaveTextAsync("Helpful answers, round two");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await page.GetByTestId("project-settings").ClickAsync();
        await page.GetByTestId("settings-archive").ClickAsync();
        await Expect(page.GetByText("Project restored.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("add-item")).ToBeEnabledAsync();

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var project = await db.Projects.SingleAsync(p => p.Id == projectId);
        (project.Name, project.VotesPerComparison, project.GoldRate, project.IsArchived).ShouldBe(("Helpful answers, round two", 5, 0.1, false));
        tab.Errors.ShouldBeEmpty();
    }

    private static FilePayload Jsonl(string name, params string[] lines) => new()
    {
        Name = name,
        MimeType = "application/jsonl",
        Buffer = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"),
    };

    private async Task<int> CountComparisonsAsync()
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        return await db.Comparisons.CountAsync(c => c.ProjectId == projectId);
    }
}
