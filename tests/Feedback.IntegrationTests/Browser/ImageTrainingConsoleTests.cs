using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Training;
using Feedback.Jobs.Training.Images;
using Feedback.Sampling.Diffusion;
using Feedback.Training.Datasets.Scenes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ImageTrainingConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserApp app = null!;
    private long projectId;

    private IDbContextFactory<FeedbackDbContext> DbFactory => app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        var researcherId = await TestUsers.CreateAsync(app.Factory, "rhea", Roles.Researcher);
        projectId = await TestProjects.CreateAsync(app.Factory, new NewProject { Name = "Shapes", Modality = Modality.Image }, researcherId);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_image_projects_console_offers_the_image_kinds_with_their_defaults_and_an_adherence_gate()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await BrowserSteps.OpenProjectAsync(page, projectId, "Training");

        await page.GetByTestId("gate-adherence-drop").FillAsync("0.05");
        await Expect(page.GetByLabel("KL budget (nats per answer)")).ToHaveCountAsync(0);
        await page.GetByTestId("gate-adherence-drop").BlurAsync();
        await page.GetByTestId("save-gate").ClickAsync();
        await Expect(page.GetByText("Gate saved")).ToBeVisibleAsync();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            (await db.Projects.Where(p => p.Id == projectId).Select(p => p.Gate.MaxAdherenceDrop).SingleAsync()).ShouldBe(0.05, 1e-9);
        }

        await page.GetByTestId("new-run").ClickAsync();
        var hyperparameters = page.GetByTestId("run-hyperparameters");
        await Expect(hyperparameters).ToHaveValueAsync(TrainingHyperparameters.DefaultsJson(TrainingRunKind.ImageRewardModel));
        await Expect(page.GetByTestId("run-snapshot")).ToHaveCountAsync(1);

        await page.GetByTestId("run-kind").ClickAsync();
        var options = page.GetByRole(AriaRole.Option);
        await Expect(options).ToHaveTextAsync(["Image reward model", "Diffusion-DPO", "Diffusion RL (DDPO)"]);
        await BrowserSteps.ScreenshotAsync(page, "image-start-run");

        await options.Filter(new() { HasText = "Diffusion RL (DDPO)" }).ClickAsync();
        await Expect(hyperparameters).ToHaveValueAsync(TrainingHyperparameters.DefaultsJson(TrainingRunKind.DiffusionRl));
        await Expect(page.GetByTestId("run-snapshot")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("run-reward-note")).ToContainTextAsync("image reward model");
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_image_run_page_charts_its_metrics_and_shows_its_gate_and_its_sample_grid_beside_its_parents()
    {
        var (runId, checkpointId, parentId) = await FinishedDiffusionDpoRunAsync();
        var samples = app.Services.GetRequiredService<CheckpointSamples>();
        var (before, after) = Grids();
        samples.Save(parentId, before);
        samples.Save(checkpointId, after);

        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await page.GotoAsync($"runs/{runId}");
        await BrowserSteps.WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("run-title")).ToHaveTextAsync($"Diffusion-DPO run {runId}");
        var charts = page.GetByTestId("metric-chart");
        foreach (var title in new[] { "Loss", "Accuracy", "Rewards", "Denoising error", "Held-out denoising error", "Gradient norm" })
        {
            await Expect(charts.Filter(new() { HasText = title })).Not.ToHaveCountAsync(0);
        }

        await Expect(page.GetByTestId("run-gate")).ToContainTextAsync("adherence 0.840 against 0.810 serving");
        await Expect(page.GetByTestId("run-log")).ToHaveTextAsync("Nothing was logged for this run.");
        var grids = page.GetByTestId("sample-grid");
        await Expect(grids).ToHaveCountAsync(2);
        await Expect(grids.Nth(0)).ToContainTextAsync(BaseCheckpoints.ImageBaseName);
        await Expect(grids.Nth(1)).ToContainTextAsync($"diffusion-dpo-run-{runId}");
        await Expect(page.GetByTestId("sample-grids")).ToContainTextAsync("Same held-out captions, same seeds");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.sample-grid img')].every(i => i.complete && i.naturalWidth > 0)");
        (await page.EvaluateAsync<int>("() => document.querySelectorAll('.sample-grid img').length")).ShouldBe(2);
        await BrowserSteps.ScreenshotAsync(page, "image-training-run");

        await BrowserSteps.OpenProjectAsync(page, projectId, "Checkpoints");
        var checkpoints = page.GetByTestId("checkpoints-table");
        await Expect(checkpoints).ToContainTextAsync($"diffusion-dpo-run-{runId}");
        await Expect(checkpoints).ToContainTextAsync("gate: win rate");
        await Expect(page.GetByTestId("samples-link")).ToHaveCountAsync(2);
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_image_run_whose_grids_are_not_drawn_yet_says_so()
    {
        var (runId, _, _) = await FinishedDiffusionDpoRunAsync();

        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "rhea", TestUsers.Password);
        await page.GotoAsync($"runs/{runId}");
        await BrowserSteps.WaitForInteractiveAsync(page);

        await Expect(page.GetByTestId("no-samples")).ToBeVisibleAsync();
        await Expect(page.Locator(".sample-grid img")).ToHaveCountAsync(0);
    }

    /// <summary>A Diffusion-DPO run from the shipped image model as the trainer and the gate leave it: metrics over its steps and a promoted checkpoint.</summary>
    private async Task<(long RunId, long CheckpointId, long ParentId)> FinishedDiffusionDpoRunAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var parent = await db.Checkpoints.SingleAsync(c => c.Name == BaseCheckpoints.ImageBaseName && c.Status == CheckpointStatus.Serving);
        var now = DateTimeOffset.UtcNow;
        var run = new TrainingRun
        {
            ProjectId = projectId, Kind = TrainingRunKind.DiffusionDpo, BaseCheckpointId = parent.Id,
            HyperparametersJson = TrainingHyperparameters.DefaultsJson(TrainingRunKind.DiffusionDpo),
            Status = TrainingRunStatus.Succeeded, Step = 60, TotalSteps = 60, CreatedAt = now.AddMinutes(-5), StartedAt = now.AddMinutes(-5), FinishedAt = now,
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();

        foreach (var step in Enumerable.Range(1, 60))
        {
            var progress = step / 60.0;
            var logged = new Dictionary<string, double>
            {
                ["loss"] = 0.69 - (0.2 * progress),
                ["implicit_accuracy"] = 0.5 + (0.3 * progress),
                ["margin"] = 0.4 * progress,
                ["mse/policy_chosen"] = 0.30 - (0.04 * progress),
                ["mse/policy_rejected"] = 0.30 + (0.02 * progress),
                ["mse/reference_chosen"] = 0.30,
                ["mse/reference_rejected"] = 0.30,
                ["learning_rate"] = 1e-4,
                ["grad_norm"] = 1.5 - progress,
            };
            if (step % 20 == 0)
            {
                foreach (var name in logged.Keys.Where(n => n is not ("learning_rate" or "grad_norm")).ToList())
                {
                    logged["eval/" + name] = logged[name] * 1.05;
                }
            }

            db.TrainingMetrics.AddRange(logged.Select(m => new TrainingMetric { TrainingRunId = run.Id, Step = step, Name = m.Key, Value = m.Value, At = now }));
        }

        var gate = new ImageGateReport(Images: 32, Wins: 20, Losses: 11, Ties: 1, CandidateAdherence: 0.84, ServingAdherence: 0.81);
        db.TrainingMetrics.AddRange(gate.ToMetrics().Select(m => new TrainingMetric { TrainingRunId = run.Id, Step = 60, Name = m.Key, Value = m.Value, At = now }));
        var checkpoint = new Checkpoint
        {
            Name = $"diffusion-dpo-run-{run.Id}", Modality = Modality.Image, Kind = CheckpointKind.Policy, ProjectId = projectId,
            Path = $"test/diffusion-dpo-run-{run.Id}", Sha256 = new string('c', 64), Status = CheckpointStatus.Serving,
            StatusReason = $"Passed the gate against {parent.Name}: {gate.Summary()}.", ParentId = parent.Id, TrainingRunId = run.Id,
            MetricsJson = System.Text.Json.JsonSerializer.Serialize(gate.ToMetrics()), CreatedAt = now, PromotedAt = now,
        };
        db.Checkpoints.Add(checkpoint);
        await db.SaveChangesAsync();
        return (run.Id, checkpoint.Id, parent.Id);
    }

    /// <summary>Held-out captions drawn before training (each with a mistake) and after (as captioned).</summary>
    private static (List<GeneratedImage> Before, List<GeneratedImage> After) Grids()
    {
        var rng = new Random(11);
        var examples = SceneGenerator.Generate(CheckpointSamples.Count, seed: 11).ToList();
        var before = examples.Select((e, i) => new GeneratedImage(SceneRenderer.Render(SceneGenerator.Mistake(e, rng)), 32, i)).ToList();
        var after = examples.Select((e, i) => new GeneratedImage(SceneRenderer.Render(e.Scene), 32, i)).ToList();
        return (before, after);
    }
}
