using Feedback.Core;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Training.Images;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Training;

/// <summary>Records training runs (checked before anything runs), queues them on the training queue, and cancels them.</summary>
public sealed class TrainingRunScheduler(IDbContextFactory<FeedbackDbContext> dbFactory, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Records the run and queues its job; returns the run's id, or why it was refused.</summary>
    public async Task<(long? RunId, OperationResult Result)> QueueAsync(TrainingRunRequest request, string? requestedBy, CancellationToken ct = default)
    {
        var (runId, result) = await CreateAsync(request, requestedBy, ct);
        if (runId is not { } id)
        {
            return (null, result);
        }

        var jobId = jobs.Enqueue<TrainingRunJob>(job => job.RunAsync(id, null, CancellationToken.None));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(set => set.SetProperty(r => r.HangfireJobId, jobId), ct);
        return (id, result);
    }

    /// <summary>Records the run without queuing it, for callers that run it themselves.</summary>
    public async Task<(long? RunId, OperationResult Result)> CreateAsync(TrainingRunRequest request, string? requestedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProjectId, ct);
        if (project is null)
        {
            return (null, OperationResult.Failed($"Project {request.ProjectId} does not exist."));
        }

        var problems = new List<string>();
        var isImageRun = ImageRunTrainer.Trains(request.Kind);
        var modalityName = project.Modality == Modality.Image ? "image" : "text";
        if (isImageRun != (project.Modality == Modality.Image))
        {
            problems.Add($"{request.Kind} runs are not available for {modalityName} projects.");
        }
        else if (TrainingHyperparameters.Problem(request.Kind, request.HyperparametersJson) is { } hyperparameterProblem)
        {
            problems.Add(hyperparameterProblem);
        }

        var isReinforcement = request.Kind.IsReinforcement();
        var needsSnapshot = !isReinforcement;
        if (request.SnapshotId is { } snapshotId)
        {
            if (!await db.Snapshots.AnyAsync(s => s.Id == snapshotId && s.ProjectId == project.Id, ct))
            {
                problems.Add($"Snapshot {snapshotId} is not one of this project's.");
            }
        }
        else if (needsSnapshot)
        {
            problems.Add("Choose the snapshot of votes to learn from.");
        }

        var baseCheckpoint = request.BaseCheckpointId is { } baseId
            ? await db.Checkpoints.AsNoTracking().SingleOrDefaultAsync(c => c.Id == baseId, ct)
            : await ServingCheckpoints.PolicyForAsync(db, project.Id, project.Modality, ct);
        if (baseCheckpoint is null || baseCheckpoint.Kind != CheckpointKind.Policy || baseCheckpoint.Modality != project.Modality)
        {
            problems.Add($"There is no {modalityName} model to start from; register or promote one first.");
        }

        var rewardId = request.RewardCheckpointId;
        if (rewardId is null && isReinforcement)
        {
            rewardId = (await CheckpointPromotions.ServingAsync(db, project.Id, project.Modality, CheckpointKind.RewardModel, ct))?.Id;
        }

        if (rewardId is { } rewardCheckpointId)
        {
            if (!await db.Checkpoints.AnyAsync(
                    c => c.Id == rewardCheckpointId && c.Kind == CheckpointKind.RewardModel && c.ProjectId == project.Id && c.Modality == project.Modality, ct))
            {
                problems.Add($"Checkpoint {rewardCheckpointId} is not a reward model of this project.");
            }
        }
        else if (isReinforcement)
        {
            problems.Add("RLHF needs a reward model; train one first.");
        }

        if (problems.Count > 0)
        {
            return (null, new OperationResult(false, problems));
        }

        var run = new TrainingRun
        {
            ProjectId = project.Id,
            Kind = request.Kind,
            SnapshotId = request.SnapshotId,
            BaseCheckpointId = baseCheckpoint!.Id,
            RewardCheckpointId = rewardId,
            HyperparametersJson = TrainingHyperparameters.Normalize(request.Kind, request.HyperparametersJson),
            Status = TrainingRunStatus.Queued,
            CreatedById = requestedBy,
            CreatedAt = clock.GetUtcNow(),
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return (run.Id, OperationResult.Success);
    }

    /// <summary>A queued run is cancelled at once; a running one stops at its next step.</summary>
    public async Task<OperationResult> CancelAsync(long runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return OperationResult.Failed($"Run {runId} does not exist.");
        }

        if (run.Status is not (TrainingRunStatus.Queued or TrainingRunStatus.Running))
        {
            return OperationResult.Failed($"Run {runId} has already finished ({run.Status}).");
        }

        await db.TrainingRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(r => r.CancelRequested, true), ct);

        // Only a run no worker has started yet is finished here; a started one sees the request at its next step.
        var stoppedBeforeStart = await db.TrainingRuns
            .Where(r => r.Id == runId && r.Status == TrainingRunStatus.Queued)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, TrainingRunStatus.Cancelled).SetProperty(r => r.FinishedAt, clock.GetUtcNow()), ct);
        if (stoppedBeforeStart == 1 && run.HangfireJobId is { } jobId)
        {
            jobs.Delete(jobId);
        }

        return OperationResult.Success;
    }
}
