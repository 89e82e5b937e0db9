using System.ComponentModel;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Feedback.Jobs.Hosting;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Training;

/// <summary>One firing of a training schedule: a fresh snapshot of the project's votes (default filters) unless the kind learns without one, then a queued run.</summary>
public sealed class ScheduledTrainingJob(SnapshotBuilder snapshots, TrainingRunScheduler runs, TimeProvider clock, ILogger<ScheduledTrainingJob> logger)
{
    [Queue(JobQueues.Default)]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Scheduled {1} training for project {0}")]
    public async Task RunAsync(long projectId, TrainingRunKind kind, string hyperparametersJson, CancellationToken ct)
    {
        long? snapshotId = null;
        // Reinforcement runs learn from the serving reward model, not from votes.
        if (kind is not (TrainingRunKind.Rloo or TrainingRunKind.DiffusionRl))
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
}
