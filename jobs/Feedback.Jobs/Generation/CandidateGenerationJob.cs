using System.ComponentModel;
using Feedback.Jobs.Hosting;
using Hangfire;

namespace Feedback.Jobs.Generation;

/// <summary>Runs one generation batch on a machine that serves the sampling queue.</summary>
public sealed class CandidateGenerationJob(TextCandidateGenerator generator)
{
    [Queue(JobQueues.Sampling)]
    [AutomaticRetry(Attempts = 2)]
    [DisplayName("Generate candidates for batch {0}")]
    public Task RunAsync(long batchId, CancellationToken ct) => generator.RunAsync(batchId, ct);
}
