using System.Globalization;
using System.Text.Json;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Training.Images;
using Feedback.Training.Checkpoints;
using Feedback.Training.Text.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Feedback.Jobs.Training;

/// <summary>
/// Carries a training run from queued to finished: trains (resuming from the last saved step after a crash), registers
/// the checkpoint exactly once, then gates it. A policy is evaluated against the serving one and promoted when it passes
/// the project's thresholds; a reward model is promoted when it beats chance on held-out pairs. Failures that a retry
/// cannot mend (divergence, bad data, a damaged checkpoint) end the run with the reason; others are left to Hangfire's
/// retry, and the last attempt records the failure.
/// </summary>
public sealed class TrainingRunExecutor(
    IDbContextFactory<FeedbackDbContext> dbFactory,
    CheckpointStore store,
    TextRunTrainer trainer,
    ImageRunTrainer imageTrainer,
    PolicyGate gate,
    ImagePolicyGate imageGate,
    ServingSwitch serving,
    CheckpointPromotions promotions,
    RunLog log,
    IConfiguration configuration,
    TimeProvider clock)
{
    /// <summary>A reward model must agree with held-out votes more often than this to serve.</summary>
    public const double MinRewardAccuracy = 0.5;

    public async Task RunAsync(long runId, bool lastAttempt, CancellationToken ct)
    {
        var run = await StartAsync(runId, ct);
        if (run is null)
        {
            return;
        }

        try
        {
            var checkpoint = await ExistingCheckpointAsync(runId, ct) ?? await TrainAndRegisterAsync(run, ct);
            await ThrowIfCancelRequestedAsync(runId, ct);
            await GateAsync(run, checkpoint, ct);
            await FinishAsync(runId, TrainingRunStatus.Succeeded, null);
            await log.WriteAsync(runId, "Finished.", CancellationToken.None);
            TryDelete(RunDirectory(runId));
        }
        catch (RunCancelledException)
        {
            await CancelledAsync(runId);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (await CancelRequestedAsync(runId))
            {
                // The researcher cancelled a run that was starting: its job was deleted, so nothing would resume it.
                await CancelledAsync(runId);
                return;
            }

            await log.WriteAsync(runId, "The worker stopped; the run carries on from its last saved step when the job runs again.", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not ObjectDisposedException
                                  && e is TrainingDivergedException or InvalidOperationException or InvalidDataException
                                      or CheckpointCorruptException or ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            await FinishAsync(runId, TrainingRunStatus.Failed, e.Message);
            await log.WriteAsync(runId, $"Failed: {e.Message}", CancellationToken.None);
        }
        catch (Exception e)
        {
            await log.WriteAsync(runId, $"Attempt failed: {e.GetType().Name}: {e.Message}", CancellationToken.None);
            if (lastAttempt)
            {
                await FinishAsync(runId, TrainingRunStatus.Failed, e.Message);
            }

            throw;
        }
    }

    public string RunDirectory(long runId) =>
        Path.Combine(FeedbackPaths.DataDirectory(configuration), "runs", runId.ToString(CultureInfo.InvariantCulture));

    public static string CheckpointPath(long runId) => $"runs/run-{runId.ToString(CultureInfo.InvariantCulture)}";

    private async Task<TrainingRun?> StartAsync(long runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns
            .Include(r => r.BaseCheckpoint)
            .Include(r => r.RewardCheckpoint)
            .Include(r => r.Snapshot)
            .SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || run.Status is TrainingRunStatus.Succeeded or TrainingRunStatus.Failed or TrainingRunStatus.Cancelled)
        {
            return null;
        }

        if (run.CancelRequested)
        {
            run.Status = TrainingRunStatus.Cancelled;
            run.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return null;
        }

        var resumed = run.Status == TrainingRunStatus.Running;
        var now = clock.GetUtcNow();
        var started = await db.TrainingRuns
            .Where(r => r.Id == runId && !r.CancelRequested && (r.Status == TrainingRunStatus.Queued || r.Status == TrainingRunStatus.Running))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, TrainingRunStatus.Running).SetProperty(r => r.StartedAt, r => r.StartedAt ?? now), ct);
        if (started == 0)
        {
            return null;
        }

        await log.WriteAsync(runId, resumed ? $"Resumed (last reported step {run.Step})." : $"Started {run.Kind} from {run.BaseCheckpoint?.Name}.", ct);
        return run;
    }

    private async Task<Checkpoint?> ExistingCheckpointAsync(long runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Checkpoints.AsNoTracking().SingleOrDefaultAsync(c => c.TrainingRunId == runId, ct);
    }

    private async Task<Checkpoint> TrainAndRegisterAsync(TrainingRun run, CancellationToken ct)
    {
        var relativePath = CheckpointPath(run.Id);
        var folder = store.FolderOf(relativePath);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!CheckpointManifest.Exists(folder))
        {
            // Written beside its place and renamed, so a crash never leaves a half-written checkpoint under the real name.
            var partial = folder + ".partial";
            TryDelete(partial);
            var trained = ImageRunTrainer.Trains(run.Kind)
                ? await imageTrainer.TrainAsync(run, RunDirectory(run.Id), partial, ct)
                : await trainer.TrainAsync(run, RunDirectory(run.Id), partial, ct);
            foreach (var (name, value) in trained)
            {
                metrics[name] = value;
            }

            // Kept beside the resume point, so a retry that finds the checkpoint already moved into place still has them.
            File.WriteAllText(MetricsFile(run.Id), FiniteJson(metrics));

            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            Directory.Move(partial, folder);
        }

        else if (File.Exists(MetricsFile(run.Id)))
        {
            metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(MetricsFile(run.Id))) ?? metrics;
        }

        var isReward = run.Kind is TrainingRunKind.RewardModel or TrainingRunKind.ImageRewardModel;
        var checkpoint = new Checkpoint
        {
            Name = $"{(isReward ? "reward" : run.Kind.ToString().ToLowerInvariant())}-run-{run.Id}",
            Modality = ImageRunTrainer.Trains(run.Kind) ? Modality.Image : Modality.Text,
            Kind = isReward ? CheckpointKind.RewardModel : CheckpointKind.Policy,
            ProjectId = run.ProjectId,
            Path = relativePath,
            Sha256 = CheckpointManifest.HashOf(Path.Combine(folder, CheckpointManifest.FileName)),
            MetricsJson = FiniteJson(metrics),
            Status = CheckpointStatus.Candidate,
            ParentId = isReward ? null : run.BaseCheckpointId,
            TrainingRunId = run.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Checkpoints.Add(checkpoint);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique run id keeps a second registration out; the first stands.
            var existing = await ExistingCheckpointAsync(run.Id, ct);
            if (existing is null)
            {
                throw;
            }

            return existing;
        }

        await log.WriteAsync(run.Id, $"Registered checkpoint {checkpoint.Name}.", ct);
        return checkpoint;
    }

    private async Task GateAsync(TrainingRun run, Checkpoint checkpoint, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.CheckpointPromotions.AnyAsync(p => p.CheckpointId == checkpoint.Id, ct))
        {
            return;
        }

        if (checkpoint.Kind == CheckpointKind.RewardModel)
        {
            var metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(checkpoint.MetricsJson) ?? [];
            var accuracy = metrics.GetValueOrDefault("eval/accuracy", double.NaN);
            var summary = string.Create(CultureInfo.InvariantCulture, $"held-out accuracy {accuracy:P1}");
            if (accuracy > MinRewardAccuracy)
            {
                await PromoteAsync(run.Id, checkpoint, $"Serves as the project's reward model: {summary}.", ct);
            }
            else
            {
                await promotions.RejectAsync(checkpoint.Id, $"Kept as a candidate: {summary} does not beat chance.", ct);
                await log.WriteAsync(run.Id, $"Kept {checkpoint.Name} as a candidate: {summary} does not beat chance.", ct);
            }

            return;
        }

        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == run.ProjectId, ct);
        var current = await ServingCheckpoints.PolicyForAsync(db, project.Id, project.Modality, ct);
        var judge = run.RewardCheckpoint
            ?? await CheckpointPromotions.ServingAsync(db, project.Id, project.Modality, CheckpointKind.RewardModel, ct);
        if (current is null || judge is null)
        {
            var why = judge is null ? "there is no reward model to judge it with; train one and promote this checkpoint by hand if it should serve" : "nothing serves to compare it with";
            await promotions.RejectAsync(checkpoint.Id, $"Not evaluated: {why}.", ct);
            await log.WriteAsync(run.Id, $"Kept {checkpoint.Name} as a candidate: {why}.", ct);
            return;
        }

        var isImage = project.Modality == Modality.Image;
        await log.WriteAsync(run.Id, $"Evaluating {checkpoint.Name} against {current.Name} on held-out {(isImage ? "captions" : "prompts")}, judged by {judge.Name}.", ct);
        IGateReport? report = isImage
            ? await imageGate.EvaluateAsync(checkpoint, current, judge, project.Gate.EvaluationPrompts, ct)
            : await gate.EvaluateAsync(checkpoint, current, judge, project.Gate.EvaluationPrompts, ct);
        if (report is null)
        {
            var why = isImage
                ? "the project has no held-out caption to draw; mark some captions as held out"
                : "the project has no held-out prompt short enough to answer; mark some prompts as held out";
            await promotions.RejectAsync(checkpoint.Id, $"Not evaluated: {why}.", ct);
            await log.WriteAsync(run.Id, $"Kept {checkpoint.Name} as a candidate: {why}.", ct);
            return;
        }

        await SaveGateMetricsAsync(run.Id, checkpoint.Id, judge.Id, report, ct);
        var failures = report.Failures(project.Gate);
        if (failures.Count == 0)
        {
            await PromoteAsync(run.Id, checkpoint, $"Passed the gate against {current.Name}: {report.Summary()}.", ct);
        }
        else
        {
            var reason = $"Kept as a candidate against {current.Name}: {string.Join("; ", failures)} ({report.Summary()}).";
            await promotions.RejectAsync(checkpoint.Id, reason, ct);
            await log.WriteAsync(run.Id, reason, ct);
        }
    }

    /// <summary>Stores the gate's figures with the checkpoint and the run, and on the run the reward model that judged it, so that its lineage shows whose votes the verdict rests on.</summary>
    private async Task SaveGateMetricsAsync(long runId, long checkpointId, long judgeId, IGateReport report, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checkpoint = await db.Checkpoints.SingleAsync(c => c.Id == checkpointId, ct);
        var metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(checkpoint.MetricsJson) ?? [];
        foreach (var (name, value) in report.ToMetrics())
        {
            metrics[name] = value;
        }

        checkpoint.MetricsJson = FiniteJson(metrics);
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, ct);
        run.RewardCheckpointId ??= judgeId;
        foreach (var (name, value) in report.ToMetrics())
        {
            db.TrainingMetrics.Add(new TrainingMetric { TrainingRunId = runId, Step = run.Step, Name = name, Value = value, At = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task FinishAsync(long runId, TrainingRunStatus status, string? error)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.TrainingRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Error, error == null ? null : error.Length > 10_000 ? error.Substring(0, 10_000) : error)
            .SetProperty(r => r.FinishedAt, clock.GetUtcNow()));
    }

    private async Task PromoteAsync(long runId, Checkpoint checkpoint, string reason, CancellationToken ct)
    {
        var result = await serving.PromoteAsync(checkpoint.Id, reason, null, ct);
        await log.WriteAsync(runId, result.Succeeded ? $"Promoted {checkpoint.Name}: {reason}" : $"Not promoted: {string.Join(" ", result.Errors)}", ct);
    }

    private async Task<bool> CancelRequestedAsync(long runId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.TrainingRuns.Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleOrDefaultAsync();
    }

    private async Task ThrowIfCancelRequestedAsync(long runId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (await CancelRequestedAsync(runId))
        {
            throw new RunCancelledException(runId);
        }
    }

    private async Task CancelledAsync(long runId)
    {
        await FinishAsync(runId, TrainingRunStatus.Cancelled, null);
        await log.WriteAsync(runId, "Cancelled.", CancellationToken.None);
        TryDelete(RunDirectory(runId));
        TryDelete(store.FolderOf(CheckpointPath(runId)) + ".partial");
    }

    private string MetricsFile(long runId) => Path.Combine(RunDirectory(runId), "metrics.json");

    /// <summary>JSON cannot hold NaN or infinities; a value that is not finite is left out.</summary>
    private static string FiniteJson(Dictionary<string, double> metrics) =>
        JsonSerializer.Serialize(metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));

    private static void TryDelete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
