using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Training;

/// <summary>What the researcher's console shows: a project's runs, one run's metrics and log, and its checkpoints with their lineage and promotion history.</summary>
public sealed class TrainingOverview(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public sealed record RunRow(
        long Id, TrainingRunKind Kind, TrainingRunStatus Status, int Step, int TotalSteps, string? SnapshotName, long? SnapshotId,
        string? BaseCheckpointName, string? CheckpointName, long? CheckpointId, CheckpointStatus? CheckpointStatus,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, bool CancelRequested)
    {
        public double Progress => TotalSteps == 0 ? 0 : Math.Min(1, (double)Step / TotalSteps);
        public bool IsActive => Status is TrainingRunStatus.Queued or TrainingRunStatus.Running;
    }

    /// <param name="CheckpointParentId">The checkpoint the run's own checkpoint was trained from (none for reward models).</param>
    public sealed record RunDetail(
        RunRow Run, long ProjectId, string HyperparametersJson, string? RewardCheckpointName, string? CheckpointStatusReason,
        long? CheckpointParentId, string? CheckpointParentName);

    public sealed record MetricPoint(int Step, double Value);

    public sealed record MetricRow(long Id, string Name, int Step, double Value);

    public sealed record LogLine(DateTimeOffset At, string Message);

    public sealed record CheckpointRow(
        long Id, string Name, CheckpointKind Kind, CheckpointStatus Status, string? StatusReason, long? ParentId, string? ParentName,
        long? TrainingRunId, TrainingRunKind? RunKind, long? SnapshotId, string? SnapshotName, string? SnapshotSha256,
        string Sha256, string MetricsJson, DateTimeOffset CreatedAt, DateTimeOffset? PromotedAt, bool IsShared);

    public sealed record PromotionRow(long Id, DateTimeOffset At, PromotionAction Action, string CheckpointName, string? PreviousName, string Reason, string? ByUserName);

    public async Task<IReadOnlyList<RunRow>> RunsAsync(long projectId, int take = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, db.TrainingRuns.Where(r => r.ProjectId == projectId).OrderByDescending(r => r.Id).Take(take)).ToListAsync(ct);
    }

    public async Task<RunDetail?> RunAsync(long runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await Rows(db, db.TrainingRuns.Where(r => r.Id == runId)).SingleOrDefaultAsync(ct);
        if (run is null)
        {
            return null;
        }

        var extra = await db.TrainingRuns.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new { r.ProjectId, r.HyperparametersJson, Reward = r.RewardCheckpoint!.Name })
            .SingleAsync(ct);
        var made = await db.Checkpoints.Where(c => c.TrainingRunId == runId)
            .Select(c => new { c.StatusReason, c.ParentId, ParentName = c.Parent!.Name })
            .SingleOrDefaultAsync(ct);
        return new RunDetail(run, extra.ProjectId, extra.HyperparametersJson, extra.Reward, made?.StatusReason, made?.ParentId, made?.ParentName);
    }

    /// <summary>The run's metric rows stored after row <paramref name="afterId"/>, in the order they were stored (0 for all of them).</summary>
    public async Task<IReadOnlyList<MetricRow>> MetricsAfterAsync(long runId, long afterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TrainingMetrics.AsNoTracking()
            .Where(m => m.TrainingRunId == runId && m.Id > afterId)
            .OrderBy(m => m.Id)
            .Select(m => new MetricRow(m.Id, m.Name, m.Step, m.Value))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<LogLine>> LogAsync(long runId, int take = 500, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lines = await db.TrainingRunLogs.AsNoTracking()
            .Where(l => l.TrainingRunId == runId)
            .OrderByDescending(l => l.Id)
            .Take(take)
            .Select(l => new LogLine(l.At, l.Message))
            .ToListAsync(ct);
        lines.Reverse();
        return lines;
    }

    /// <summary>The project's own checkpoints and the shared base models, newest first, with what each was made from.</summary>
    public async Task<IReadOnlyList<CheckpointRow>> CheckpointsAsync(long projectId, Modality modality, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Checkpoints.AsNoTracking()
            .Where(c => c.Modality == modality && (c.ProjectId == projectId || c.ProjectId == null))
            .OrderByDescending(c => c.Id)
            .Select(c => new CheckpointRow(
                c.Id, c.Name, c.Kind, c.Status, c.StatusReason, c.ParentId, c.Parent!.Name,
                c.TrainingRunId, c.TrainingRun!.Kind, c.TrainingRun.SnapshotId, c.TrainingRun.Snapshot!.Name, c.TrainingRun.Snapshot.Sha256,
                c.Sha256, c.MetricsJson, c.CreatedAt, c.PromotedAt, c.ProjectId == null))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<PromotionRow>> PromotionsAsync(long projectId, int take = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CheckpointPromotions.AsNoTracking()
            .Where(p => p.ProjectId == projectId)
            .OrderByDescending(p => p.Id)
            .Take(take)
            .Select(p => new PromotionRow(
                p.Id, p.At, p.Action, p.Checkpoint!.Name, p.PreviousCheckpoint!.Name, p.Reason,
                db.Users.Where(u => u.Id == p.ById).Select(u => u.UserName).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>The runs with the checkpoint each registered, if any (at most one per run), newest first.</summary>
    private static IQueryable<RunRow> Rows(FeedbackDbContext db, IQueryable<TrainingRun> runs) =>
        from r in runs.AsNoTracking()
        join made in db.Checkpoints on (long?)r.Id equals made.TrainingRunId into checkpoints
        from c in checkpoints.DefaultIfEmpty()
        orderby r.Id descending
        select new RunRow(
            r.Id, r.Kind, r.Status, r.Step, r.TotalSteps, r.Snapshot!.Name, r.SnapshotId, r.BaseCheckpoint!.Name,
            c == null ? null : c.Name, c == null ? null : c.Id, c == null ? null : c.Status,
            r.CreatedAt, r.StartedAt, r.FinishedAt, r.Error, r.CancelRequested);
}
