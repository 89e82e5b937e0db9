using Feedback.Core.Accounts;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.IntegrationTests.Training;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Simulation;
using Feedback.Jobs.Training;
using Feedback.Jobs.Training.Images;
using Feedback.Training.Datasets.Scenes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Images;

/// <summary>
/// A tiny round of the image loop through Hangfire and Postgres: images drawn by the base model, votes from simulated
/// raters who know what each caption asks for, an image reward model, Diffusion-DPO, the gate, promotion, the sampler
/// drawing with the new model, DDPO from the reward model, and rollback.
/// </summary>
public sealed class ImageLoopTests : IAsyncLifetime
{
    private const string TinyRewardModel = """{"Steps": 6, "BatchSize": 8, "SaveEvery": 3, "WarmupSteps": 1}""";
    private const string TinyDiffusionDpo = """{"Steps": 4, "BatchSize": 8, "SaveEvery": 2, "WarmupSteps": 1, "EvalRepeats": 1}""";
    private const string TinyDdpo = """{"Steps": 2, "PromptsPerBatch": 2, "SamplesPerPrompt": 2, "SamplingSteps": 4, "SaveEvery": 2, "WarmupSteps": 0}""";

    private FeedbackAppFactory app = null!;

    private IDbContextFactory<FeedbackDbContext> DbFactory => app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();

    public async Task InitializeAsync() => app = await FeedbackAppFactory.CreateWithJobServerAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_image_round_through_hangfire_ends_with_a_promoted_model_that_the_sampler_draws_with()
    {
        var researcherId = await TestUsers.CreateAsync(app, "image-researcher", Roles.Researcher);
        var projectId = await VotedImageProjectAsync(researcherId);
        var snapshotId = await SnapshotAsync(projectId, researcherId);

        var rewardRun = await QueuedRuns.QueueAndWaitAsync(app, new TrainingRunRequest(projectId, TrainingRunKind.ImageRewardModel, snapshotId, TinyRewardModel));
        var rewardModel = await QueuedRuns.CheckpointOfAsync(app, rewardRun);
        rewardModel.Kind.ShouldBe(CheckpointKind.RewardModel);
        rewardModel.Modality.ShouldBe(Modality.Image);

        var dpoRun = await QueuedRuns.QueueAndWaitAsync(app, new TrainingRunRequest(
            projectId, TrainingRunKind.DiffusionDpo, snapshotId, TinyDiffusionDpo, RewardCheckpointId: rewardModel.Id));
        var policy = await QueuedRuns.CheckpointOfAsync(app, dpoRun);

        var samples = app.Services.GetRequiredService<CheckpointSamples>();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var baseModel = await db.Checkpoints.SingleAsync(c => c.Name == BaseCheckpoints.ImageBaseName);
            policy.Modality.ShouldBe(Modality.Image);
            policy.Status.ShouldBe(CheckpointStatus.Serving, policy.StatusReason);
            policy.ParentId.ShouldBe(baseModel.Id);
            policy.StatusReason.ShouldNotBeNull().ShouldContain("adherence");
            (await ServingCheckpoints.PolicyForAsync(db, projectId, Modality.Image)).ShouldNotBeNull().Id.ShouldBe(policy.Id);
            (await db.TrainingMetrics.CountAsync(m => m.TrainingRunId == dpoRun && m.Name == "loss")).ShouldBe(4);
            (await db.TrainingMetrics.AnyAsync(m => m.TrainingRunId == dpoRun && m.Name == "gate/adherence")).ShouldBeTrue();
            (await db.TrainingMetrics.AnyAsync(m => m.TrainingRunId == dpoRun && m.Name == "eval/implicit_accuracy")).ShouldBeTrue();
            samples.Exists(policy.Id).ShouldBeTrue();
            samples.Exists(baseModel.Id).ShouldBeTrue();
        }

        // The sampler draws with the promoted model at once, without a restart.
        var (batchId, queued) = await app.Services.GetRequiredService<GenerationScheduler>().CreateAsync(new GenerationRequest(projectId, 2), researcherId);
        queued.Succeeded.ShouldBeTrue(string.Join(" ", queued.Errors));
        await app.Services.GetRequiredService<ImageCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            (await db.GenerationBatches.Where(b => b.Id == batchId).Select(b => b.CheckpointId).SingleAsync()).ShouldBe(policy.Id);
            (await db.Candidates.CountAsync(c => c.CheckpointId == policy.Id)).ShouldBe(4);
        }

        var ddpoRun = await QueuedRuns.QueueAndWaitAsync(app, new TrainingRunRequest(projectId, TrainingRunKind.DiffusionRl, null, TinyDdpo, RewardCheckpointId: rewardModel.Id));
        var tuned = await QueuedRuns.CheckpointOfAsync(app, ddpoRun);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            tuned.ParentId.ShouldBe(policy.Id);
            (await db.TrainingMetrics.AnyAsync(m => m.TrainingRunId == ddpoRun && m.Name == "clip_fraction")).ShouldBeTrue();
            (await db.TrainingMetrics.AnyAsync(m => m.TrainingRunId == ddpoRun && m.Name == "eval/reward")).ShouldBeTrue();
        }

        (await app.Services.GetRequiredService<ServingSwitch>().RollBackAsync(projectId, Modality.Image, CheckpointKind.Policy, researcherId)).Succeeded.ShouldBeTrue();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            (await ServingCheckpoints.PolicyForAsync(db, projectId, Modality.Image))!.Id.ShouldBe(policy.Id);
        }
    }

    [Fact]
    public async Task Loop_bench_runs_an_image_round_and_saves_the_base_and_new_images_side_by_side()
    {
        var grids = Directory.CreateTempSubdirectory("feedback-image-loop-bench-").FullName;
        try
        {
            var options = new LoopBenchOptions
            {
                VotesPerRound = 34, HeldOutVotes = 14, Raters = 2, Method = TrainingRunKind.DiffusionDpo, TrainingPrompts = 48, HeldOutPrompts = 6,
                EvaluationAnswers = 8,
                RewardModelHyperparameters = TinyRewardModel, PolicyHyperparameters = TinyDiffusionDpo, GridFolder = grids,
            };

            var results = await app.Services.GetRequiredService<ImageLoopBench>().RunAsync(options, _ => { });

            var round = results.ShouldHaveSingleItem();
            round.Votes.Votes.ShouldBe(48);
            round.NoiseCeiling.ShouldBe(0.8, 1e-9);
            round.AgainstBase.Answers.ShouldBe(8);
            (round.AgainstBase.Wins + round.AgainstBase.Losses + round.AgainstBase.Ties).ShouldBe(8);
            round.AgainstBase.MeanScore.ShouldBeInRange(0, 1);
            File.Exists(Path.Combine(grids, "loop-bench-image-round-1.png")).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(grids, recursive: true);
        }
    }

    [Fact]
    public async Task Image_runs_are_refused_for_text_projects_and_text_runs_for_image_projects()
    {
        var researcherId = await TestUsers.CreateAsync(app, "mixed-researcher", Roles.Researcher);
        var textProject = await TestProjects.CreateAsync(app, new NewProject { Name = "Text" }, researcherId);
        var imageProject = await TestProjects.CreateAsync(app, new NewProject { Name = "Images", Modality = Modality.Image }, researcherId);
        var scheduler = app.Services.GetRequiredService<TrainingRunScheduler>();

        var (_, imageOnText) = await scheduler.CreateAsync(new TrainingRunRequest(textProject, TrainingRunKind.DiffusionDpo, null, "{}"), researcherId);
        var (_, textOnImage) = await scheduler.CreateAsync(new TrainingRunRequest(imageProject, TrainingRunKind.Dpo, null, "{}"), researcherId);
        var (_, badBeta) = await scheduler.CreateAsync(new TrainingRunRequest(imageProject, TrainingRunKind.DiffusionDpo, null, """{"Beta": -1}"""), researcherId);

        imageOnText.Errors.ShouldContain("DiffusionDpo runs are not available for text projects.");
        textOnImage.Errors.ShouldContain("Dpo runs are not available for image projects.");
        badBeta.Errors.ShouldContain("Beta must be positive.");
        badBeta.Errors.ShouldContain("Choose the snapshot of votes to learn from.");
    }

    private async Task<long> VotedImageProjectAsync(string researcherId)
    {
        var projectId = await TestProjects.CreateAsync(app, new NewProject { Name = "Image loop", Modality = Modality.Image, VotesPerComparison = 1 }, researcherId);
        var captions = SceneGenerator.Generate(120, seed: 9).Select(s => s.Caption).Distinct().Take(46).ToList();
        var prompts = captions.Select((caption, i) => new NewPrompt(caption, [], IsHeldOut: i >= 40)).ToList();
        (await app.Services.GetRequiredService<ProjectContent>().AddPromptsAsync(projectId, prompts, "scenes")).Succeeded.ShouldBeTrue();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            // A few steps cannot be expected to beat the base model; the gate's figures are still measured and recorded.
            var project = await db.Projects.SingleAsync(p => p.Id == projectId);
            project.Gate.MinWinRate = 0;
            project.Gate.MaxAdherenceDrop = 1;
            project.Gate.EvaluationPrompts = 8;
            project.Sampling.DiffusionSteps = 8;
            await db.SaveChangesAsync();
        }

        var (batchId, generated) = await app.Services.GetRequiredService<GenerationScheduler>().CreateAsync(new GenerationRequest(projectId, 40), researcherId);
        generated.Succeeded.ShouldBeTrue(string.Join(" ", generated.Errors));
        await app.Services.GetRequiredService<ImageCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        var raters = app.Services.GetRequiredService<SimulatedRaters>();
        var raterIds = await raters.EnsureRatersAsync(3);
        var votes = await raters.VoteAsync(projectId, raterIds, app.Services.GetRequiredService<SceneOracle>(), noise: 0, maxVotes: 40, seed: 1);
        votes.Votes.ShouldBe(40);
        return projectId;
    }

    private async Task<long> SnapshotAsync(long projectId, string researcherId)
    {
        // Ties are kept as pairs only when asked; the default drops them, so the snapshot holds the decisive votes.
        var (snapshotId, snapshot) = await app.Services.GetRequiredService<SnapshotBuilder>().CreateAsync(
            new SnapshotRequest(projectId, "All votes") { HeldOutFraction = 0.3 }, researcherId);
        snapshot.Succeeded.ShouldBeTrue(string.Join(" ", snapshot.Errors));
        return snapshotId!.Value;
    }
}
