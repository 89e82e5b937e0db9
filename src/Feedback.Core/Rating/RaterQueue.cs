using Feedback.Core.Agreement;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Rating;

/// <summary>Where a rater stands: the projects with work for them, and their progress in each.</summary>
public sealed class RaterQueue(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>One project as the rater's start page lists it.</summary>
    public sealed record ProjectQueue(long ProjectId, string Name, Modality Modality, RaterProgress Progress);

    /// <summary>The projects open to the rater, with progress counted from the start of their day (<paramref name="utcOffset"/> from UTC).</summary>
    public async Task<IReadOnlyList<ProjectQueue>> ProjectsAsync(string raterId, TimeSpan utcOffset = default, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projects = await db.Projects.AsNoTracking()
            .Where(p => !p.IsArchived)
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Modality })
            .ToListAsync(ct);

        var result = new List<ProjectQueue>(projects.Count);
        foreach (var project in projects)
        {
            result.Add(new ProjectQueue(project.Id, project.Name, project.Modality, await ProgressAsync(db, project.Id, raterId, utcOffset, ct)));
        }

        return result;
    }

    /// <summary>The rater's progress in one project, counted from the start of their day (<paramref name="utcOffset"/> from UTC).</summary>
    public async Task<RaterProgress> ProgressAsync(long projectId, string raterId, TimeSpan utcOffset = default, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ProgressAsync(db, projectId, raterId, utcOffset, ct);
    }

    /// <summary>The latest midnight, in UTC, of the day that <paramref name="now"/> falls in at <paramref name="utcOffset"/>.</summary>
    public static DateTimeOffset StartOfDay(DateTimeOffset now, TimeSpan utcOffset)
    {
        var local = now.ToOffset(utcOffset);
        return new DateTimeOffset(local.Date, utcOffset).ToUniversalTime();
    }

    private async Task<RaterProgress> ProgressAsync(FeedbackDbContext db, long projectId, string raterId, TimeSpan utcOffset, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var midnight = StartOfDay(now, utcOffset);
        var doneToday = await db.Votes.CountAsync(
            v => v.RaterId == raterId && v.Comparison!.ProjectId == projectId && v.AnsweredAt >= midnight, ct);

        var pause = await db.RaterPauses.AsNoTracking()
            .OpenFor(projectId, raterId)
            .Select(p => new { p.Reason, p.IsAutomatic })
            .FirstOrDefaultAsync(ct);
        if (pause is not null)
        {
            return new RaterProgress(doneToday, 0, pause.Reason, pause.IsAutomatic);
        }

        // The same conditions the assignment engine leases under, counted instead of locked: swapped repeats take no
        // place, and the rater's own expired leases are no longer theirs (the engine deletes them before it leases).
        // Gold items are not work of their own: they are mixed in, so they are not counted.
        var left = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value"
            FROM comparisons c
            JOIN projects p ON p.id = c.project_id
            WHERE c.project_id = {projectId}
              AND NOT c.is_retired
              AND NOT c.is_gold
              AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.comparison_id = c.id AND v.rater_id = {raterId})
              AND NOT EXISTS (SELECT 1 FROM assignment_leases l WHERE l.comparison_id = c.id AND l.rater_id = {raterId} AND l.expires_at > {now})
              AND NOT EXISTS (SELECT 1 FROM comparison_passes s WHERE s.comparison_id = c.id AND s.rater_id = {raterId})
              AND (SELECT count(*) FROM votes v WHERE v.comparison_id = c.id AND NOT v.is_swap_repeat)
                + (SELECT count(*) FROM assignment_leases l WHERE l.comparison_id = c.id AND l.expires_at > {now} AND NOT l.is_swap_repeat)
                  < COALESCE(c.votes_wanted_override, p.votes_per_comparison)
            """).SingleAsync(ct);
        var holding = await db.AssignmentLeases.CountAsync(
            l => l.RaterId == raterId && l.Comparison!.ProjectId == projectId && !l.Comparison.IsGold && l.ExpiresAt > now, ct);
        return new RaterProgress(doneToday, left + holding);
    }
}
