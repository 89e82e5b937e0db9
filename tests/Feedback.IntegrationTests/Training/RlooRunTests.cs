using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

public sealed class RlooRunTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        _ = app.Server;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_rlhf_run_samples_the_projects_prompts_scores_them_with_its_reward_model_and_is_gated_against_the_serving_policy()
    {
        var (projectId, snapshotId) = await LoopFixture.VotedProjectAsync(app, "RLOO", comparisons: 24);
        var scheduler = app.Services.GetRequiredService<TrainingRunScheduler>();
        var executor = app.Services.GetRequiredService<TrainingRunExecutor>();
        var (rewardRun, _) = await scheduler.CreateAsync(new TrainingRunRequest(projectId, TrainingRunKind.RewardModel, snapshotId, LoopFixture.TinyRewardModel), null);
        await executor.RunAsync(rewardRun!.Value, lastAttempt: true, CancellationToken.None);
        long rewardModelId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            rewardModelId = await db.Checkpoints.Where(c => c.TrainingRunId == rewardRun).Select(c => c.Id).SingleAsync();
        }

        var (runId, result) = await scheduler.CreateAsync(new TrainingRunRequest(
            projectId, TrainingRunKind.Rloo, null, """{"Steps": 3, "PromptsPerStep": 2, "SamplesPerPrompt": 2, "MaxNewTokens": 16, "SaveEvery": 2}""",
            RewardCheckpointId: rewardModelId), null);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        await Task.Run(() => executor.RunAsync(runId!.Value, lastAttempt: true, CancellationToken.None));

        await using var check = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var run = await check.TrainingRuns.SingleAsync(r => r.Id == runId);
        run.Status.ShouldBe(TrainingRunStatus.Succeeded, run.Error);
        run.RewardCheckpointId.ShouldBe(rewardModelId);
        var metrics = await check.TrainingMetrics.Where(m => m.TrainingRunId == runId).Select(m => m.Name).Distinct().ToListAsync();
        metrics.ShouldContain("reward");
        metrics.ShouldContain("kl");
        metrics.ShouldContain("entropy");
        metrics.ShouldContain("length");
        metrics.ShouldContain("gate/win_rate");
        var policy = await check.Checkpoints.SingleAsync(c => c.TrainingRunId == runId);
        policy.Kind.ShouldBe(CheckpointKind.Policy);
        policy.StatusReason.ShouldNotBeNull().ShouldContain("win rate");
        (await check.CheckpointPromotions.CountAsync(p => p.CheckpointId == policy.Id)).ShouldBe(1);
    }
}
