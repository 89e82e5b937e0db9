using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Simulation;
using Feedback.Jobs.Training;
using Feedback.Training.Datasets.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

/// <summary>A tiny round of the text loop through Hangfire and Postgres: votes, reward model, DPO, gate, promotion, serving, rollback.</summary>
public sealed class TrainingLoopTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    private IDbContextFactory<FeedbackDbContext> DbFactory => app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();

    public async Task InitializeAsync() => app = await FeedbackAppFactory.CreateWithJobServerAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_round_through_hangfire_ends_with_a_promoted_checkpoint_that_the_sampler_serves_and_one_click_rolls_back()
    {
        var (projectId, snapshotId) = await LoopFixture.VotedProjectAsync(app, "Loop");
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            // A few steps cannot be expected to beat the base model; the gate's figures are still measured and recorded.
            var project = await db.Projects.SingleAsync(p => p.Id == projectId);
            project.Gate.MinWinRate = 0;
            project.Gate.MaxKl = 1_000;
            project.Gate.MaxLengthDrift = 10;
            await db.SaveChangesAsync();
        }

        var rewardRun = await QueuedRuns.QueueAndWaitAsync(app, new TrainingRunRequest(projectId, TrainingRunKind.RewardModel, snapshotId, LoopFixture.TinyRewardModel));
        var rewardModel = await QueuedRuns.CheckpointOfAsync(app, rewardRun);
        rewardModel.Kind.ShouldBe(CheckpointKind.RewardModel);
        await TheHeldOutVerdictsBreakDownByFamilyAndAxisAsync(snapshotId, rewardModel);

        // As from the console: no reward model named, so the gate judges with the serving one and the run records it.
        if (rewardModel.Status != CheckpointStatus.Serving)
        {
            (await app.Services.GetRequiredService<ServingSwitch>().PromoteAsync(rewardModel.Id, "Serves for the test.", null)).Succeeded.ShouldBeTrue();
        }

        var dpoRun = await QueuedRuns.QueueAndWaitAsync(app, new TrainingRunRequest(projectId, TrainingRunKind.Dpo, snapshotId, LoopFixture.TinyDpo));
        var policy = await QueuedRuns.CheckpointOfAsync(app, dpoRun);

        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var baseModel = await db.Checkpoints.SingleAsync(c => c.Name == BaseCheckpoints.TextBaseName);
            policy.Status.ShouldBe(CheckpointStatus.Serving, policy.StatusReason);
            policy.ParentId.ShouldBe(baseModel.Id);
            policy.StatusReason.ShouldNotBeNull().ShouldContain("win rate");
            (await ServingCheckpoints.PolicyForAsync(db, projectId, Modality.Text)).ShouldNotBeNull().Id.ShouldBe(policy.Id);
            var history = await db.CheckpointPromotions.Where(p => p.ProjectId == projectId && p.CheckpointId == policy.Id).ToListAsync();
            history.ShouldHaveSingleItem().Action.ShouldBe(PromotionAction.Promoted);
            (await db.TrainingMetrics.CountAsync(m => m.TrainingRunId == dpoRun && m.Name == "loss")).ShouldBe(6);
            (await db.TrainingMetrics.AnyAsync(m => m.TrainingRunId == dpoRun && m.Name == "gate/win_rate")).ShouldBeTrue();
            (await db.TrainingRuns.SingleAsync(r => r.Id == dpoRun)).RewardCheckpointId.ShouldBe(rewardModel.Id);
        }

        // The sampler answers with the promoted checkpoint at once, without a restart.
        var researcherId = await TestUsers.CreateAsync(app, "generator", Feedback.Core.Accounts.Roles.Researcher);
        var (batchId, queued) = await app.Services.GetRequiredService<GenerationScheduler>().CreateAsync(new GenerationRequest(projectId, 2), researcherId);
        queued.Succeeded.ShouldBeTrue(string.Join(" ", queued.Errors));
        await app.Services.GetRequiredService<TextCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            (await db.GenerationBatches.Where(b => b.Id == batchId).Select(b => b.CheckpointId).SingleAsync()).ShouldBe(policy.Id);
            (await db.Candidates.CountAsync(c => c.CheckpointId == policy.Id)).ShouldBe(4);
        }

        (await app.Services.GetRequiredService<ServingSwitch>().RollBackAsync(projectId, Modality.Text, CheckpointKind.Policy, researcherId)).Succeeded.ShouldBeTrue();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            (await ServingCheckpoints.PolicyForAsync(db, projectId, Modality.Text))!.Name.ShouldBe(BaseCheckpoints.TextBaseName);
            (await db.Checkpoints.SingleAsync(c => c.Id == policy.Id)).Status.ShouldBe(CheckpointStatus.Retired);
        }
    }

    /// <summary>
    /// The held-out pairs split by family, and by deciding axis, add up to what the run's held-out accuracy counts; with
    /// noise-free votes, agreeing with a vote is agreeing with the oracle.
    /// </summary>
    private async Task TheHeldOutVerdictsBreakDownByFamilyAndAxisAsync(long snapshotId, Checkpoint rewardModel)
    {
        var breakdown = await app.Services.GetRequiredService<RewardModelBreakdown>().MeasureAsync(snapshotId, rewardModel, new CorpusTruth(LoopFixture.Examples()));

        var all = breakdown.ByFamily[^1];
        all.Group.ShouldBe(GroupAccuracy.All);
        all.Pairs.ShouldBeGreaterThan(0);
        breakdown.ByFamily.SkipLast(1).Sum(r => r.Pairs).ShouldBe(all.Pairs);
        breakdown.ByAxis[^1].ShouldBe(all);
        breakdown.ByAxis.SkipLast(1).Sum(r => r.Pairs).ShouldBe(all.Pairs);
        breakdown.ByAxis.Select(r => r.Group).ShouldNotContain(DecidingAxis.Tie);
        breakdown.ByFamily.Concat(breakdown.ByAxis).ShouldAllBe(r => r.OracleDecided == r.Pairs && r.AgreeWithOracle == r.AgreeWithVotes);
        var metrics = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(rewardModel.MetricsJson)!;
        // Scored in other batches than the run's evaluation, so a near-tie may fall the other way: one pair at most.
        all.WithVotes.ShouldBe(metrics["eval/accuracy"], (1.0 / all.Pairs) + 1e-6);
    }
}
