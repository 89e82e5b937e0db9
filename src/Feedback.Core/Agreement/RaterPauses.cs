using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Feedback.Core.Agreement;

/// <summary>Pauses and resumes raters in a project, by hand or by the project's automatic rule. A paused rater gets no new assignments there.</summary>
public sealed class RaterPauses(IDbContextFactory<FeedbackDbContext> dbFactory, RaterReliability reliability, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    /// <summary>Pauses the rater unless already paused; false when they were.</summary>
    public async Task<bool> PauseAsync(long projectId, string raterId, string reason, string? pausedById, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.RaterPauses.Add(new RaterPause
        {
            ProjectId = projectId,
            RaterId = raterId,
            Reason = reason.Trim()[..Math.Min(reason.Trim().Length, MaxReasonLength)],
            IsAutomatic = pausedById is null,
            PausedById = pausedById,
            PausedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
    }

    /// <summary>Ends the rater's open pause; false when there was none.</summary>
    public async Task<bool> ResumeAsync(long projectId, string raterId, string resumedById, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.RaterPauses
            .OpenFor(projectId, raterId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ResumedAt, now).SetProperty(p => p.ResumedById, resumedById), ct) > 0;
    }

    public async Task<bool> IsPausedAsync(long projectId, string raterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RaterPauses.OpenFor(projectId, raterId).AnyAsync(ct);
    }

    /// <summary>
    /// Applies the project's automatic rule (when it is on) to every rater not yet paused, and returns whom it paused.
    /// A rater an admin resumed is judged again only on votes given after that.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyAutomaticRuleAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Reliability).SingleAsync(ct);
        if (!settings.AutoPauseEnabled)
        {
            return [];
        }

        var lastResumed = await db.RaterPauses.AsNoTracking()
            .Where(p => p.ProjectId == projectId && p.ResumedAt != null)
            .GroupBy(p => p.RaterId)
            .Select(g => new { RaterId = g.Key, At = g.Max(p => p.ResumedAt!.Value) })
            .ToDictionaryAsync(r => r.RaterId, r => r.At, ct);

        var paused = new List<string>();
        foreach (var rater in await reliability.ForProjectAsync(projectId, ct: ct))
        {
            var row = rater;
            if (!rater.IsPaused && lastResumed.TryGetValue(rater.RaterId, out var resumedAt))
            {
                row = (await reliability.ForProjectAsync(projectId, new AgreementWindow(resumedAt), ct)).SingleOrDefault(r => r.RaterId == rater.RaterId);
            }

            if (row is { IsPaused: false } && AutoPauseRule.Reason(row, settings) is { } reason
                && await PauseAsync(projectId, rater.RaterId, "Paused automatically: " + reason, pausedById: null, ct))
            {
                paused.Add(rater.RaterId);
            }
        }

        return paused;
    }
}
