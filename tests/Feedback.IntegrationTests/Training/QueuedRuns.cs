using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Training;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

/// <summary>Queues a training run on Hangfire, waits for its job to end, and checks that it succeeded.</summary>
internal static class QueuedRuns
{
    public static async Task<long> QueueAndWaitAsync(FeedbackAppFactory app, TrainingRunRequest request)
    {
        var (runId, result) = await app.Services.GetRequiredService<TrainingRunScheduler>().QueueAsync(request, null);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var jobId = await db.TrainingRuns.Where(r => r.Id == runId).Select(r => r.HangfireJobId).SingleAsync();
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline && connection.GetStateData(jobId!)?.Name is not ("Succeeded" or "Failed" or "Deleted"))
        {
            await Task.Delay(250);
        }

        connection.GetStateData(jobId!)?.Name.ShouldBe("Succeeded");
        var run = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        run.Status.ShouldBe(TrainingRunStatus.Succeeded, run.Error);
        run.Step.ShouldBe(run.TotalSteps);
        return run.Id;
    }

    public static async Task<Checkpoint> CheckpointOfAsync(FeedbackAppFactory app, long runId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        return await db.Checkpoints.AsNoTracking().SingleAsync(c => c.TrainingRunId == runId);
    }
}
