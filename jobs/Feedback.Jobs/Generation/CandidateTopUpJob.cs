using System.ComponentModel;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Hosting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Generation;

/// <summary>
/// Keeps raters supplied: in every text project with a top-up target, when fewer comparisons than the target still
/// want votes, generates the difference from the serving checkpoint.
/// </summary>
public sealed class CandidateTopUpJob(
    IDbContextFactory<FeedbackDbContext> dbFactory,
    GenerationScheduler scheduler,
    TextCandidateGenerator generator,
    TimeProvider clock,
    ILogger<CandidateTopUpJob> logger)
{
    public const string RecurringId = "top-up-unrated-comparisons";
    public const string RequestedBy = "top-up";

    /// <summary>The most comparisons one top-up adds to a project, so one project cannot hold the queue for long.</summary>
    public const int MaxPerRun = 200;

    [Queue(JobQueues.Sampling)]
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [DisplayName("Top up comparisons that want votes")]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var added = 0;
        foreach (var (projectId, missing) in await ShortProjectsAsync(ct))
        {
            var (batchId, result) = await scheduler.CreateAsync(new GenerationRequest(projectId, Math.Min(missing, MaxPerRun)), RequestedBy, ct);
            if (batchId is not { } id)
            {
                logger.LogWarning("Cannot top up project {ProjectId}: {Reasons}", projectId, string.Join(" ", result.Errors));
                continue;
            }

            added += await generator.RunAsync(id, ct);
        }

        return added;
    }

    /// <summary>Projects below their target and not already generating, with how many comparisons they are short.</summary>
    private async Task<List<(long ProjectId, int Missing)>> ShortProjectsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // A batch left running by a worker that died long ago no longer holds its project back.
        var stale = clock.GetUtcNow() - TimeSpan.FromHours(1);
        var projects = await db.Projects.AsNoTracking()
            .Where(p => !p.IsArchived && p.Modality == Modality.Text && p.Sampling.KeepUnratedComparisons > 0)
            .Where(p => !db.GenerationBatches.Any(b => b.ProjectId == p.Id
                && (b.Status == GenerationBatchStatus.Queued || b.Status == GenerationBatchStatus.Running) && b.CreatedAt > stale))
            .Select(p => new
            {
                p.Id,
                Target = p.Sampling.KeepUnratedComparisons,
                WantingVotes = db.Comparisons.Count(c => c.ProjectId == p.Id && !c.IsRetired && !c.IsGold
                    && db.Votes.Count(v => v.ComparisonId == c.Id) < (c.VotesWantedOverride ?? p.VotesPerComparison)),
            })
            .ToListAsync(ct);
        return projects.Where(p => p.WantingVotes < p.Target).Select(p => (p.Id, p.Target - p.WantingVotes)).ToList();
    }
}
