using System.ComponentModel;
using Feedback.Core.Data;
using Feedback.Jobs.Hosting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Maintenance;

/// <summary>Returns abandoned assignments to the pool by deleting leases past their expiry.</summary>
public sealed class LeaseCleanupJob(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock, ILogger<LeaseCleanupJob> logger)
{
    public const string RecurringId = "release-expired-leases";

    [Queue(JobQueues.Default)]
    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Release expired assignment leases")]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var released = await db.AssignmentLeases.Where(l => l.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (released > 0)
        {
            logger.LogInformation("Released {Count} expired assignment leases", released);
        }

        return released;
    }
}
