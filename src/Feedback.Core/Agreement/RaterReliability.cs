using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Feedback.Core.Agreement;

/// <summary>
/// The rater table of a project: every figure is a SQL aggregate per rater, joined in memory with the leave-one-out
/// majority from <see cref="ProjectAgreement"/>.
/// </summary>
public sealed class RaterReliability(IDbContextFactory<FeedbackDbContext> dbFactory, ProjectAgreement agreement)
{
    private sealed record StatsRow(
        string RaterId, string UserName, long Votes, long SidedVotes, long LeftPicks, long GoldAnswered, long GoldCorrect, long TooFast, double? MedianSeconds);

    private sealed record CountRow(string RaterId, long Total, long Hits);

    private sealed record PauseRow(string RaterId, string Reason, bool IsAutomatic);

    public Task<IReadOnlyList<RaterReliabilityRow>> ForProjectAsync(long projectId, AgreementWindow? window = null, CancellationToken ct = default) =>
        ForProjectAsync(projectId, window, report: null, ct);

    /// <summary>As above, reusing an agreement report of the same project and window when the caller has one.</summary>
    public async Task<IReadOnlyList<RaterReliabilityRow>> ForProjectAsync(long projectId, AgreementWindow? window, AgreementReport? report, CancellationToken ct = default)
    {
        window ??= AgreementWindow.All;
        report ??= await agreement.ComputeAsync(projectId, window, ct: ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var tooFastSeconds = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Reliability.TooFastSeconds).SingleAsync(ct);

        var stats = await db.Database.SqlQueryRaw<StatsRow>(
            """
            SELECT v.rater_id AS "RaterId",
                   COALESCE(u.user_name, v.rater_id) AS "UserName",
                   count(*) AS "Votes",
                   count(*) FILTER (WHERE v.choice IN (0, 1)) AS "SidedVotes",
                   count(*) FILTER (WHERE v.choice = 0) AS "LeftPicks",
                   count(*) FILTER (WHERE c.is_gold AND v.choice IS NOT NULL) AS "GoldAnswered",
                   count(*) FILTER (WHERE c.is_gold AND (
                          (c.gold_preferred_candidate_id IS NULL AND v.choice = 2)
                       OR (v.choice = 0 AND v.shown_order[1] = c.gold_preferred_candidate_id)
                       OR (v.choice = 1 AND v.shown_order[2] = c.gold_preferred_candidate_id))) AS "GoldCorrect",
                   count(*) FILTER (WHERE extract(epoch FROM v.answered_at - v.shown_at) < @fast) AS "TooFast",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM v.answered_at - v.shown_at)) AS "MedianSeconds"
            FROM votes v
            JOIN comparisons c ON c.id = v.comparison_id
            LEFT JOIN asp_net_users u ON u.id = v.rater_id
            WHERE c.project_id = @project AND v.answered_at >= @from AND v.answered_at < @to
            GROUP BY v.rater_id, u.user_name
            """,
            [.. PairwiseLabels.Parameters(projectId, window), new NpgsqlParameter("fast", tooFastSeconds)]).ToListAsync(ct);

        // A repeat is consistent when it prefers the same candidate (or again calls it a tie, or both bad) whatever side it was on.
        var swaps = await CountsAsync(db, """
            SELECT r.rater_id AS "RaterId", count(*) AS "Total",
                   count(*) FILTER (WHERE
                       CASE r.choice WHEN 0 THEN r.shown_order[1] WHEN 1 THEN r.shown_order[2] ELSE -r.choice END
                     = CASE o.choice WHEN 0 THEN o.shown_order[1] WHEN 1 THEN o.shown_order[2] ELSE -o.choice END) AS "Hits"
            FROM votes r
            JOIN comparisons c ON c.id = r.comparison_id
            JOIN votes o ON o.comparison_id = r.comparison_id AND o.rater_id = r.rater_id AND NOT o.is_swap_repeat
            WHERE c.project_id = @project AND r.is_swap_repeat AND r.choice IS NOT NULL AND o.choice IS NOT NULL
              AND r.answered_at >= @from AND r.answered_at < @to
            GROUP BY r.rater_id
            """, projectId, window, ct);

        // Each cycle A>B>C>A is counted once, from its smallest candidate id.
        var cycles = await CountsAsync(db, """
            WITH edges AS (
                SELECT DISTINCT v.rater_id,
                       CASE v.choice WHEN 0 THEN v.shown_order[1] ELSE v.shown_order[2] END AS winner,
                       CASE v.choice WHEN 0 THEN v.shown_order[2] ELSE v.shown_order[1] END AS loser
                FROM votes v JOIN comparisons c ON c.id = v.comparison_id
                WHERE c.project_id = @project AND v.choice IN (0, 1) AND NOT v.is_swap_repeat
                  AND v.answered_at >= @from AND v.answered_at < @to)
            SELECT e1.rater_id AS "RaterId", count(*) AS "Total", count(*) AS "Hits"
            FROM edges e1
            JOIN edges e2 ON e2.rater_id = e1.rater_id AND e2.winner = e1.loser
            JOIN edges e3 ON e3.rater_id = e1.rater_id AND e3.winner = e2.loser AND e3.loser = e1.winner
            WHERE e1.winner < e2.winner AND e1.winner < e3.winner
            GROUP BY e1.rater_id
            """, projectId, window, ct);

        var pauses = await db.RaterPauses.AsNoTracking()
            .Where(p => p.ProjectId == projectId && p.ResumedAt == null)
            .Select(p => new PauseRow(p.RaterId, p.Reason, p.IsAutomatic))
            .ToDictionaryAsync(p => p.RaterId, ct);
        var majority = report.Raters.ToDictionary(r => r.RaterId);

        return stats.Select(s =>
            {
                var swap = swaps.GetValueOrDefault(s.RaterId);
                var pause = pauses.GetValueOrDefault(s.RaterId);
                var loo = majority.GetValueOrDefault(s.RaterId);
                return new RaterReliabilityRow(
                    s.RaterId, s.UserName, s.Votes, s.SidedVotes, s.LeftPicks, s.GoldAnswered, s.GoldCorrect,
                    swap?.Total ?? 0, swap?.Hits ?? 0, cycles.GetValueOrDefault(s.RaterId)?.Total ?? 0, s.TooFast,
                    s.MedianSeconds ?? double.NaN, loo?.MajorityCompared ?? 0, loo?.MajorityAgreed ?? 0, pause?.Reason, pause?.IsAutomatic ?? false);
            })
            .OrderBy(r => r.UserName, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<Dictionary<string, CountRow>> CountsAsync(FeedbackDbContext db, string sql, long projectId, AgreementWindow window, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<CountRow>(sql, PairwiseLabels.Parameters(projectId, window)).ToDictionaryAsync(r => r.RaterId, ct);
}
