using System.ComponentModel;
using Feedback.Core.Agreement;
using Feedback.Core.Data;
using Feedback.Jobs.Hosting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Maintenance;

/// <summary>Applies each project's automatic pause rule (where it is on) to its raters.</summary>
public sealed class RaterAutoPauseJob(IDbContextFactory<FeedbackDbContext> dbFactory, RaterPauses pauses, ILogger<RaterAutoPauseJob> logger)
{
    public const string RecurringId = "pause-unreliable-raters";

    [Queue(JobQueues.Default)]
    [AutomaticRetry(Attempts = 1)]
    [DisplayName("Pause raters who break their project's rule")]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        List<long> projects;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            projects = await db.Projects.AsNoTracking().Where(p => !p.IsArchived && p.Reliability.AutoPauseEnabled).Select(p => p.Id).ToListAsync(ct);
        }

        var paused = 0;
        foreach (var projectId in projects)
        {
            var raters = await pauses.ApplyAutomaticRuleAsync(projectId, ct);
            if (raters.Count > 0)
            {
                logger.LogInformation("Paused {Count} rater(s) in project {ProjectId} by its rule", raters.Count, projectId);
            }

            paused += raters.Count;
        }

        return paused;
    }
}
