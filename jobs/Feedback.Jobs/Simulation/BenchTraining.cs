using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Training;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>Runs a training run in the calling process, as the benches do, and returns it with its checkpoint; a run that does not succeed is an error.</summary>
public sealed class BenchTraining(IDbContextFactory<FeedbackDbContext> dbFactory, TrainingRunScheduler runs, TrainingRunExecutor executor)
{
    public async Task<(TrainingRun Run, Checkpoint Checkpoint)> TrainAsync(TrainingRunRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (runId, result) = await runs.CreateAsync(request, null, ct);
        if (runId is not { } id)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors));
        }

        await executor.RunAsync(id, lastAttempt: true, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        var checkpoint = await db.Checkpoints.AsNoTracking().SingleOrDefaultAsync(c => c.TrainingRunId == id, ct);
        if (run.Status != TrainingRunStatus.Succeeded || checkpoint is null)
        {
            throw new InvalidOperationException($"{request.Kind} run {id} ended {run.Status}: {run.Error}");
        }

        return (run, checkpoint);
    }
}
