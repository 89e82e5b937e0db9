using System.ComponentModel;
using Feedback.Jobs.Hosting;
using Hangfire;
using Hangfire.Server;

namespace Feedback.Jobs.Training;

/// <summary>Runs one training run on a machine that serves the training queue; a crashed attempt is retried and resumes.</summary>
public sealed class TrainingRunJob(TrainingRunExecutor executor)
{
    public const int Retries = 3;

    /// <param name="context">Supplied by Hangfire (enqueue with null): tells how many times the job was retried.</param>
    [Queue(JobQueues.Training)]
    [AutomaticRetry(Attempts = Retries)]
    [DisplayName("Training run {0}")]
    public Task RunAsync(long runId, PerformContext? context, CancellationToken ct)
    {
        var retries = context?.GetJobParameter<int>("RetryCount") ?? 0;
        return executor.RunAsync(runId, lastAttempt: retries >= Retries, ct);
    }
}
