using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Feedback.Core.Agreement;

/// <summary>The comparisons on which one rater went against the majority of the other raters, to look into one by one.</summary>
public sealed class RaterDisagreements(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public const int MaxShown = 200;

    public sealed record Disagreement(long ComparisonId, string Prompt, string RaterLabel, string MajorityLabel, int Raters, DateTimeOffset AnsweredAt);

    private sealed record Row(long ComparisonId, string Prompt, int Label, int C0, int C1, int C2, int C3, int N, DateTimeOffset AnsweredAt);

    public async Task<IReadOnlyList<Disagreement>> ForRaterAsync(long projectId, string raterId, AgreementWindow? window = null, CancellationToken ct = default)
    {
        window ??= AgreementWindow.All;
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // Only items where someone else gave another label can disagree; the majority itself is decided below.
        var rows = await db.Database.SqlQueryRaw<Row>(
            $"""
            WITH {PairwiseLabels.Cte}, {PairwiseLabels.ItemCountsCte}
            SELECT l.comparison_id AS "ComparisonId", left(p.text, 300) AS "Prompt", l.label AS "Label",
                   i.c0 AS "C0", i.c1 AS "C1", i.c2 AS "C2", i.c3 AS "C3", i.n AS "N", l.answered_at AS "AnsweredAt"
            FROM labelled l
            JOIN item_counts i USING (comparison_id)
            JOIN comparisons c ON c.id = l.comparison_id
            JOIN prompts p ON p.id = c.prompt_id
            WHERE l.rater_id = @rater
              AND CASE l.label WHEN 0 THEN i.c0 WHEN 1 THEN i.c1 WHEN 2 THEN i.c2 ELSE i.c3 END < i.n
            ORDER BY l.answered_at DESC
            LIMIT 5000
            """,
            [.. PairwiseLabels.Parameters(projectId, window), new NpgsqlParameter("rater", raterId)]).ToListAsync(ct);

        var result = new List<Disagreement>();
        foreach (var row in rows)
        {
            int[] counts = [row.C0, row.C1, row.C2, row.C3];
            if (LeaveOneOutMajority.Agrees(counts, row.Label) != false)
            {
                continue;
            }

            counts[row.Label]--;
            var majority = Array.IndexOf(counts, counts.Max());
            result.Add(new Disagreement(row.ComparisonId, row.Prompt, PairwiseLabels.Names[row.Label], PairwiseLabels.Names[majority], row.N, row.AnsweredAt));
            if (result.Count == MaxShown)
            {
                break;
            }
        }

        return result;
    }
}
