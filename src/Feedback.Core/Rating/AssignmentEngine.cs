using Feedback.Core.Agreement;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Feedback.Core.Rating;

/// <summary>
/// Hands comparisons to raters. Each comparison wants k votes; a rater holds a lease on one until it expires, and
/// votes plus live leases never exceed k, however many raters ask at once: a comparison is leased only while its row
/// is locked (<c>FOR UPDATE SKIP LOCKED</c>, so concurrent raters take different rows instead of waiting), and the
/// count is taken again under that lock before the lease is written.
/// </summary>
public sealed class AssignmentEngine(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock, IOptions<RatingOptions> options)
{
    private const int MaxLockedRetries = 5;

    /// <summary>The rater's open assignment in the project, else a newly leased one; null when nothing is left for them, they are paused or the project is archived.</summary>
    public Task<Assignment?> NextAsync(long projectId, string raterId, CancellationToken ct = default) =>
        NextAsync(projectId, raterId, [], ct);

    /// <summary>
    /// As <see cref="NextAsync(long, string, CancellationToken)"/>, passing over the comparisons in
    /// <paramref name="excluding"/>: the rater's page holds the item on screen and asks for the one after it.
    /// </summary>
    public async Task<Assignment?> NextAsync(long projectId, string raterId, IReadOnlyCollection<long> excluding, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking()
            .Where(p => p.Id == projectId)
            .Select(p => new { p.VotesPerComparison, p.GoldRate, p.AssignmentPolicy, p.Reliability.SwapRepeatRate, p.IsArchived })
            .SingleOrDefaultAsync(ct)
            ?? throw new KeyNotFoundException($"Project {projectId} does not exist.");
        if (project.IsArchived || await db.RaterPauses.OpenFor(projectId, raterId).AnyAsync(ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        await db.AssignmentLeases.Where(l => l.RaterId == raterId && l.ExpiresAt <= now).ExecuteDeleteAsync(ct);

        // A reload or reconnect gets the same item back rather than a second one.
        var open = await db.AssignmentLeases.AsNoTracking()
            .Where(l => l.RaterId == raterId && l.Comparison!.ProjectId == projectId && !excluding.Contains(l.ComparisonId))
            .OrderBy(l => l.ShownAt)
            .FirstOrDefaultAsync(ct);
        if (open is not null)
        {
            return ToAssignment(open);
        }

        if (project.SwapRepeatRate > 0 && Random.Shared.NextDouble() < project.SwapRepeatRate
            && await SwapRepeats.TryLeaseAsync(db, projectId, raterId, excluding, now, now + options.Value.LeaseDuration, ct) is { } repeat)
        {
            return ToAssignment(repeat);
        }

        var wantGold = project.GoldRate > 0 && Random.Shared.NextDouble() < project.GoldRate;
        var request = new LeaseRequest(projectId, raterId, project.VotesPerComparison, project.AssignmentPolicy, now);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
            (wantGold ? await TryLeaseAsync(db, request, gold: true, ct) : null)
            ?? await TryLeaseAsync(db, request, gold: false, ct));
    }

    /// <summary>
    /// Records that the rater's page put the assignment on screen now (it may have been leased ahead of time), and
    /// renews its lease from this moment. False when the lease is gone, or when it expired and other raters have since
    /// taken the places it held; the lease is then given up, as renewing it would make the comparison overfull.
    /// </summary>
    public async Task<bool> MarkShownAsync(long leaseId, string raterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var comparisonId = await db.AssignmentLeases
                .Where(l => l.Id == leaseId && l.RaterId == raterId)
                .Select(l => (long?)l.ComparisonId)
                .SingleOrDefaultAsync(ct);
            if (comparisonId is null)
            {
                return false;
            }

            // Leases and votes on one comparison are written one at a time, under its row lock; the time is read under
            // it too, so a lease another rater found expired is expired here as well.
            await db.Database
                .SqlQuery<long>($"""SELECT id AS "Value" FROM comparisons WHERE id = {comparisonId} FOR UPDATE""")
                .ToListAsync(ct);
            var lease = await db.AssignmentLeases.SingleOrDefaultAsync(l => l.Id == leaseId, ct);
            if (lease is null)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            var renewed = lease.ExpiresAt > now || lease.IsSwapRepeat || !await ComparisonCapacity.IsFullAsync(db, lease.ComparisonId, now, ct);
            if (renewed)
            {
                lease.ShownAt = now;
                lease.ExpiresAt = now + options.Value.LeaseDuration;
            }
            else
            {
                db.AssignmentLeases.Remove(lease);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return renewed;
        });
    }

    private async Task<Assignment?> TryLeaseAsync(FeedbackDbContext db, LeaseRequest request, bool gold, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var passedOver = new List<long>();
        for (var attempt = 0; attempt < MaxLockedRetries; attempt++)
        {
            var candidates = await db.Database
                .SqlQueryRaw<long>(SelectSql(request.Policy), Parameters(request, gold, passedOver))
                .ToListAsync(ct);
            if (candidates.Count == 0)
            {
                return null;
            }

            var comparisonId = candidates[0];

            // The row is ours now; a fresh statement sees every lease and vote committed before we locked it.
            if (!gold && await ComparisonCapacity.IsFullAsync(db, comparisonId, request.Now, ct))
            {
                passedOver.Add(comparisonId);
                continue;
            }

            var candidateIds = await db.ComparisonCandidates
                .Where(cc => cc.ComparisonId == comparisonId)
                .Select(cc => cc.CandidateId)
                .ToArrayAsync(ct);
            Random.Shared.Shuffle(candidateIds);
            var lease = new AssignmentLease
            {
                ComparisonId = comparisonId,
                RaterId = request.RaterId,
                ShownOrder = candidateIds,
                ShownAt = request.Now,
                ExpiresAt = request.Now + options.Value.LeaseDuration,
            };
            db.AssignmentLeases.Add(lease);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return ToAssignment(lease);
        }

        return null;
    }

    private static string SelectSql(AssignmentPolicy policy) => $"""
        SELECT c.id AS "Value"
        FROM comparisons c
        CROSS JOIN LATERAL (
            SELECT (SELECT count(*) FROM votes v WHERE v.comparison_id = c.id AND NOT v.is_swap_repeat)
                 + (SELECT count(*) FROM assignment_leases l WHERE l.comparison_id = c.id AND l.expires_at > @now AND NOT l.is_swap_repeat) AS taken
        ) load
        WHERE c.project_id = @project
          AND NOT c.is_retired
          AND c.is_gold = @gold
          AND c.id <> ALL(@passed_over)
          AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.comparison_id = c.id AND v.rater_id = @rater)
          AND NOT EXISTS (SELECT 1 FROM assignment_leases l WHERE l.comparison_id = c.id AND l.rater_id = @rater)
          AND NOT EXISTS (SELECT 1 FROM comparison_passes s WHERE s.comparison_id = c.id AND s.rater_id = @rater)
          AND (@gold OR load.taken < COALESCE(c.votes_wanted_override, @k))
        ORDER BY {OrderBy(policy)}
        LIMIT 1
        FOR UPDATE OF c SKIP LOCKED
        """;

    private static string OrderBy(AssignmentPolicy policy) => policy switch
    {
        AssignmentPolicy.OldestFirst => "c.created_at, c.id",
        // Scored by the current reward model; unscored items come after, fewest votes first.
        AssignmentPolicy.ModelUncertainty => "c.model_uncertainty DESC NULLS LAST, load.taken, c.id",
        _ => "load.taken, c.created_at, c.id",
    };

    private static object[] Parameters(LeaseRequest request, bool gold, List<long> passedOver) =>
    [
        new NpgsqlParameter("project", request.ProjectId),
        new NpgsqlParameter("rater", request.RaterId),
        new NpgsqlParameter("gold", gold),
        new NpgsqlParameter("k", request.VotesPerComparison),
        new NpgsqlParameter("now", request.Now),
        new NpgsqlParameter("passed_over", passedOver.ToArray()),
    ];

    private static Assignment ToAssignment(AssignmentLease lease) =>
        new(lease.Id, lease.ComparisonId, lease.ShownOrder, lease.ShownAt, lease.ExpiresAt);

    private sealed record LeaseRequest(long ProjectId, string RaterId, int VotesPerComparison, AssignmentPolicy Policy, DateTimeOffset Now);
}
