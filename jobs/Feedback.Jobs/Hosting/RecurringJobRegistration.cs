using Feedback.Jobs.Generation;
using Feedback.Jobs.Maintenance;
using Hangfire;
using Microsoft.Extensions.Hosting;

namespace Feedback.Jobs.Hosting;

/// <summary>The one place where recurring jobs are registered (idempotent: re-registering updates them).</summary>
internal sealed class RecurringJobRegistration(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<LeaseCleanupJob>(
            LeaseCleanupJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<CandidateTopUpJob>(
            CandidateTopUpJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<RaterAutoPauseJob>(
            RaterAutoPauseJob.RecurringId, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
