using Feedback.Core.Accounts;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

/// <summary>Runs that stop part-way (a worker shut down or killed, a researcher's cancel) and what becomes of them.</summary>
[Collection(AloneCollection.Name)]
public sealed class RunResumeTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    private IDbContextFactory<FeedbackDbContext> DbFactory => app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();

    private TrainingRunExecutor Executor => app.Services.GetRequiredService<TrainingRunExecutor>();

    private TrainingRunScheduler Scheduler => app.Services.GetRequiredService<TrainingRunScheduler>();

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        _ = app.Server;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_run_stopped_mid_way_resumes_from_its_last_saved_step_ends_as_an_unbroken_run_would_and_registers_one_checkpoint()
    {
        var (projectId, snapshotId) = await LoopFixture.VotedProjectAsync(app, "Resume");
        // Long enough that the worker is stopped well before the end, however busy the machine.
        var request = new TrainingRunRequest(
            projectId, TrainingRunKind.RewardModel, snapshotId, """{"Steps": 16, "BatchSize": 8, "SaveEvery": 2, "WarmupSteps": 1}""");
        var unbroken = await CreateAsync(request);
        await Executor.RunAsync(unbroken, lastAttempt: true, CancellationToken.None);

        var interrupted = await CreateAsync(request);
        using (var stop = new CancellationTokenSource())
        {
            // The worker goes away once the run has saved a resume point (every 2 steps) and moved past it.
            var watcher = StopWhenStepReachedAsync(interrupted, 3, stop);
            await Should.ThrowAsync<OperationCanceledException>(() => Task.Run(() => Executor.RunAsync(interrupted, lastAttempt: false, stop.Token)));
            await watcher;
        }

        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var run = await db.TrainingRuns.SingleAsync(r => r.Id == interrupted);
            run.Status.ShouldBe(TrainingRunStatus.Running);
            run.Step.ShouldBeInRange(3, 15);
            (await db.Checkpoints.AnyAsync(c => c.TrainingRunId == interrupted)).ShouldBeFalse();
        }

        // Hangfire's retry runs the same job again; twice more changes nothing.
        await Executor.RunAsync(interrupted, lastAttempt: true, CancellationToken.None);
        await Executor.RunAsync(interrupted, lastAttempt: true, CancellationToken.None);

        await using var check = await DbFactory.CreateDbContextAsync();
        var finished = await check.TrainingRuns.SingleAsync(r => r.Id == interrupted);
        finished.Status.ShouldBe(TrainingRunStatus.Succeeded, finished.Error);
        var checkpoints = await check.Checkpoints.Where(c => c.TrainingRunId == interrupted).ToListAsync();
        checkpoints.Count.ShouldBe(1);
        (await check.TrainingRunLogs.Where(l => l.TrainingRunId == interrupted).Select(l => l.Message).ToListAsync())
            .ShouldContain(m => m.StartsWith("Resumed", StringComparison.Ordinal));

        var store = app.Services.GetRequiredService<CheckpointStore>();
        var unbrokenCheckpoint = await check.Checkpoints.SingleAsync(c => c.TrainingRunId == unbroken);
        WeightsHash(store, checkpoints[0]).ShouldBe(WeightsHash(store, unbrokenCheckpoint), "the resumed run saw the same batches and ended with the same weights");
    }

    [Fact]
    public async Task A_cancelled_run_stops_at_its_next_step_and_registers_nothing()
    {
        var (projectId, snapshotId) = await LoopFixture.VotedProjectAsync(app, "Cancel", comparisons: 24);
        var runId = await CreateAsync(new TrainingRunRequest(
            projectId, TrainingRunKind.RewardModel, snapshotId, """{"Steps": 200, "BatchSize": 8, "SaveEvery": 50}"""));
        var running = Task.Run(() => Executor.RunAsync(runId, lastAttempt: true, CancellationToken.None));
        await WaitForStepAsync(runId, 2);
        (await Scheduler.CancelAsync(runId)).Succeeded.ShouldBeTrue();
        await running;

        await using var db = await DbFactory.CreateDbContextAsync();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
        run.Status.ShouldBe(TrainingRunStatus.Cancelled);
        run.Step.ShouldBeLessThan(200);
        (await db.Checkpoints.AnyAsync(c => c.TrainingRunId == runId)).ShouldBeFalse();
    }

    [Fact]
    public async Task Runs_without_what_they_need_are_refused_with_the_reason()
    {
        var (projectId, snapshotId) = await LoopFixture.VotedProjectAsync(app, "Refusals", comparisons: 8);
        var (_, noSnapshot) = await Scheduler.CreateAsync(new TrainingRunRequest(projectId, TrainingRunKind.Dpo, null), null);
        noSnapshot.Errors.ShouldContain("Choose the snapshot of votes to learn from.");
        var (_, noRewardModel) = await Scheduler.CreateAsync(new TrainingRunRequest(projectId, TrainingRunKind.Rloo, null), null);
        noRewardModel.Errors.ShouldContain("RLHF needs a reward model; train one first.");
        var (_, badJson) = await Scheduler.CreateAsync(new TrainingRunRequest(projectId, TrainingRunKind.Dpo, snapshotId, """{"Beta": "high"}"""), null);
        badJson.Succeeded.ShouldBeFalse();
        badJson.Errors.ShouldHaveSingleItem().ShouldContain("not valid JSON");
        var (_, badValue) = await Scheduler.CreateAsync(new TrainingRunRequest(projectId, TrainingRunKind.Dpo, snapshotId, """{"Steps": 0}"""), null);
        badValue.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task A_schedule_is_a_recurring_job_of_its_project_whose_firing_snapshots_the_votes_and_queues_a_run()
    {
        var (projectId, _) = await LoopFixture.VotedProjectAsync(app, "Scheduled", comparisons: 12);
        var schedules = app.Services.GetRequiredService<TrainingSchedules>();
        var notCron = schedules.AddOrUpdate(projectId, TrainingRunKind.Dpo, "every night", "{}");
        notCron.Succeeded.ShouldBeFalse();
        notCron.Errors.ShouldHaveSingleItem().ShouldStartWith("'every night' is not a cron expression");
        notCron.Errors[0].ShouldNotContain("inner exception");
        schedules.AddOrUpdate(projectId, TrainingRunKind.Dpo, "0 3 * * *", "{not json").Succeeded.ShouldBeFalse();
        schedules.AddOrUpdate(projectId, TrainingRunKind.RewardModel, "*/5 * * * *", "{}").Errors.ShouldHaveSingleItem().ShouldContain("more than once an hour");
        schedules.List(projectId).ShouldBeEmpty();
        schedules.AddOrUpdate(projectId, TrainingRunKind.RewardModel, "0 3 * * *", """{"Steps": 5}""").Succeeded.ShouldBeTrue();
        var schedule = schedules.List(projectId).ShouldHaveSingleItem();
        schedule.Kind.ShouldBe(TrainingRunKind.RewardModel);
        schedule.Cron.ShouldBe("0 3 * * *");
        schedules.List(projectId + 1).ShouldBeEmpty();

        int snapshotsTaken;
        await app.Services.GetRequiredService<ScheduledTrainingJob>().RunAsync(projectId, schedule.Kind, schedule.HyperparametersJson, CancellationToken.None);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var run = await db.TrainingRuns.Include(r => r.Snapshot).SingleAsync(r => r.ProjectId == projectId);
            run.Status.ShouldBe(TrainingRunStatus.Queued);
            run.HangfireJobId.ShouldNotBeNull();
            run.Snapshot!.Name.ShouldStartWith("Scheduled");
            run.HyperparametersJson.ShouldContain("5");
            snapshotsTaken = await db.Snapshots.CountAsync(s => s.ProjectId == projectId);
        }

        // While that run has not finished, the next firing neither snapshots nor queues.
        await app.Services.GetRequiredService<ScheduledTrainingJob>().RunAsync(projectId, schedule.Kind, schedule.HyperparametersJson, CancellationToken.None);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            (await db.TrainingRuns.CountAsync(r => r.ProjectId == projectId)).ShouldBe(1);
            (await db.Snapshots.CountAsync(s => s.ProjectId == projectId)).ShouldBe(snapshotsTaken);
        }

        // A second schedule of the same kind replaces the first.
        schedules.AddOrUpdate(projectId, TrainingRunKind.RewardModel, "30 4 * * *", "{}").Succeeded.ShouldBeTrue();
        schedules.List(projectId).ShouldHaveSingleItem().Cron.ShouldBe("30 4 * * *");

        schedules.Remove(schedule.Id);
        schedules.List(projectId).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_scheduled_ddpo_firing_queues_a_run_scored_by_the_serving_image_reward_model_without_a_snapshot()
    {
        var researcherId = await TestUsers.CreateAsync(app, "rhea", Roles.Researcher);
        var projectId = await TestProjects.CreateAsync(app, new NewProject { Name = "Scheduled shapes", Modality = Modality.Image }, researcherId);
        long rewardId;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var reward = new Checkpoint
            {
                Name = "image-reward", Modality = Modality.Image, Kind = CheckpointKind.RewardModel, ProjectId = projectId, Path = "test/image-reward",
                Sha256 = new string('d', 64), Status = CheckpointStatus.Serving, CreatedAt = DateTimeOffset.UtcNow, PromotedAt = DateTimeOffset.UtcNow,
            };
            db.Checkpoints.Add(reward);
            await db.SaveChangesAsync();
            rewardId = reward.Id;
        }

        // The project has no votes, so a snapshot could not be taken; DDPO needs none.
        await app.Services.GetRequiredService<ScheduledTrainingJob>().RunAsync(projectId, TrainingRunKind.DiffusionRl, "{}", CancellationToken.None);

        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var run = await db.TrainingRuns.SingleAsync(r => r.ProjectId == projectId);
            run.Kind.ShouldBe(TrainingRunKind.DiffusionRl);
            run.Status.ShouldBe(TrainingRunStatus.Queued);
            run.SnapshotId.ShouldBeNull();
            run.RewardCheckpointId.ShouldBe(rewardId);
            (await db.Snapshots.AnyAsync(s => s.ProjectId == projectId)).ShouldBeFalse();
        }
    }

    private async Task<long> CreateAsync(TrainingRunRequest request)
    {
        var (runId, result) = await Scheduler.CreateAsync(request, null);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        return runId!.Value;
    }

    private async Task StopWhenStepReachedAsync(long runId, int step, CancellationTokenSource stop)
    {
        await WaitForStepAsync(runId, step);
        await stop.CancelAsync();
    }

    private async Task WaitForStepAsync(long runId, int step)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            if (await db.TrainingRuns.Where(r => r.Id == runId).Select(r => r.Step).SingleAsync() >= step)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Run {runId} did not reach step {step}.");
    }

    /// <summary>The hash of the tensors alone: the header's metadata names the run, which differs between the two.</summary>
    private static string WeightsHash(CheckpointStore store, Checkpoint checkpoint)
    {
        var bytes = File.ReadAllBytes(Path.Combine(store.FolderOf(checkpoint.Path), "model.safetensors"));
        var headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(8 + headerLength)));
    }
}
