using System.ComponentModel;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Feedback.Jobs.Hosting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Training;

/// <summary>
/// One firing of a training schedule: a fresh snapshot of the project's votes (default filters) unless the kind learns
/// without one, then a queued run. A firing while the schedule's kind still has a run queued or running is skipped, so
/// that slow runs do not pile up.
/// </summary>
public sealed class ScheduledTrainingJob(
    IDbContextFactory<FeedbackDbContext> dbFactory, SnapshotBuilder snapshots, TrainingRunScheduler runs, TimeProvider clock, ILogger<ScheduledTrainingJob> logger)
{
    [Queue(JobQueues.Default)]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Scheduled {1} training for project {0}")]
    public async Task RunAsync(long projectId, TrainingRunKind kind, string hyperparametersJson, CancellationToken ct)
    {
        if (await UnfinishedRunAsync(projectId, kind, ct) is { } unfinished)
        {
            logger.LogInformation("Scheduled {Kind} training for project {ProjectId} skipped: run {RunId} of that kind has not finished", kind, projectId, unfinished);
            return;
        }

        long? snapshotId = null;
        // Reinforcement runs learn from the serving reward model, not from votes.
        if (!kind.IsReinforcement())
        {
            var name = $"Scheduled {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC";
            var (created, snapshotResult) = await snapshots.CreateAsync(new SnapshotRequest(projectId, name), null, ct);
            if (created is null)
            {
                logger.LogWarning("Scheduled {Kind} training for project {ProjectId} took no snapshot: {Errors}", kind, projectId, string.Join(" ", snapshotResult.Errors));
                return;
            }

            snapshotId = created;
        }

        var (runId, result) = await runs.QueueAsync(new TrainingRunRequest(projectId, kind, snapshotId, hyperparametersJson), null, ct);
        if (runId is null)
        {
            logger.LogWarning("Scheduled {Kind} training for project {ProjectId} was refused: {Errors}", kind, projectId, string.Join(" ", result.Errors));
        }
    }

    private async Task<long?> UnfinishedRunAsync(long projectId, TrainingRunKind kind, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TrainingRuns
            .Where(r => r.ProjectId == projectId && r.Kind == kind && (r.Status == TrainingRunStatus.Queued || r.Status == TrainingRunStatus.Running))
            .OrderBy(r => r.Id)
            .Select(r => (long?)r.Id)
            .FirstOrDefaultAsync(ct);
    }
}
