using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Rating;

/// <summary>
/// Whether a comparison has all the votes it wants: its votes plus its live leases, swapped repeats not counted, against
/// its own override or the project's k. Gold comparisons are never full. Callers hold the comparison's row lock.
/// </summary>
internal static class ComparisonCapacity
{
    public static async Task<bool> IsFullAsync(FeedbackDbContext db, long comparisonId, DateTimeOffset now, CancellationToken ct)
    {
        var comparison = await db.Comparisons.AsNoTracking()
            .Where(c => c.Id == comparisonId)
            .Select(c => new { c.IsGold, Wanted = c.VotesWantedOverride ?? c.Project!.VotesPerComparison })
            .SingleAsync(ct);
        return !comparison.IsGold && await TakenAsync(db, comparisonId, now, ct) >= comparison.Wanted;
    }

    // One statement, so a vote committed with the removal of its lease is counted exactly once.
    private static Task<int> TakenAsync(FeedbackDbContext db, long comparisonId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.SqlQuery<int>($"""
            SELECT ((SELECT count(*) FROM votes WHERE comparison_id = {comparisonId} AND NOT is_swap_repeat)
                  + (SELECT count(*) FROM assignment_leases WHERE comparison_id = {comparisonId} AND expires_at > {now} AND NOT is_swap_repeat))::int AS "Value"
            """).SingleAsync(ct);
}
