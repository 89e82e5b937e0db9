using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Feedback.Core.Rating;

/// <summary>
/// Brings back one of the rater's own earlier pairs with the sides swapped, to measure whether they choose the same
/// candidate again. Each pair is repeated at most once per rater, and the repeat does not count towards its k votes.
/// </summary>
internal static class SwapRepeats
{
    public static async Task<AssignmentLease?> TryLeaseAsync(
        FeedbackDbContext db, long projectId, string raterId, IReadOnlyCollection<long> excluding, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var earlier = await db.Database.SqlQueryRaw<EarlierVote>(
            """
            SELECT v.comparison_id AS "ComparisonId", v.shown_order AS "ShownOrder"
            FROM votes v
            JOIN comparisons c ON c.id = v.comparison_id
            WHERE c.project_id = @project AND v.rater_id = @rater AND v.choice IS NOT NULL AND NOT v.is_swap_repeat
              AND NOT c.is_retired AND NOT c.is_gold
              AND v.comparison_id <> ALL(@excluding)
              AND NOT EXISTS (SELECT 1 FROM votes r WHERE r.comparison_id = v.comparison_id AND r.rater_id = v.rater_id AND r.is_swap_repeat)
              AND NOT EXISTS (SELECT 1 FROM assignment_leases l WHERE l.comparison_id = v.comparison_id AND l.rater_id = v.rater_id)
            ORDER BY random()
            LIMIT 1
            """,
            new NpgsqlParameter("project", projectId),
            new NpgsqlParameter("rater", raterId),
            new NpgsqlParameter("excluding", excluding.ToArray())).SingleOrDefaultAsync(ct);
        if (earlier is null)
        {
            return null;
        }

        var lease = new AssignmentLease
        {
            ComparisonId = earlier.ComparisonId,
            RaterId = raterId,
            ShownOrder = earlier.ShownOrder.Reverse().ToArray(),
            IsSwapRepeat = true,
            ShownAt = now,
            ExpiresAt = expiresAt,
        };
        db.AssignmentLeases.Add(lease);
        try
        {
            await db.SaveChangesAsync(ct);
            return lease;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The rater's other page leased it at the same moment.
            db.ChangeTracker.Clear();
            return null;
        }
    }

    private sealed record EarlierVote(long ComparisonId, long[] ShownOrder);
}
