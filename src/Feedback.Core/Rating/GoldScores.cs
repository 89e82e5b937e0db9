using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Rating;

/// <summary>
/// How well each rater answers a project's gold comparisons. An answer is right when it picks the known better
/// candidate, or says "tie" when the known answer is a tie; the side it was shown on does not matter.
/// </summary>
public sealed class GoldScores(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public sealed record RaterGoldScore(string RaterId, string UserName, int Answered, int Correct)
    {
        public double Accuracy => Answered == 0 ? double.NaN : (double)Correct / Answered;
    }

    public async Task<IReadOnlyList<RaterGoldScore>> ForProjectAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // shown_order holds the candidates left to right (Postgres arrays count from 1); choices: 0 left, 1 right, 2 tie.
        return await db.Database.SqlQuery<RaterGoldScore>($"""
            SELECT v.rater_id AS "RaterId",
                   COALESCE(u.user_name, v.rater_id) AS "UserName",
                   count(*)::int AS "Answered",
                   count(*) FILTER (WHERE
                       (c.gold_preferred_candidate_id IS NULL AND v.choice = 2)
                    OR (v.choice = 0 AND v.shown_order[1] = c.gold_preferred_candidate_id)
                    OR (v.choice = 1 AND v.shown_order[2] = c.gold_preferred_candidate_id))::int AS "Correct"
            FROM votes v
            JOIN comparisons c ON c.id = v.comparison_id
            LEFT JOIN asp_net_users u ON u.id = v.rater_id
            WHERE c.project_id = {projectId} AND c.is_gold AND v.choice IS NOT NULL
            GROUP BY v.rater_id, u.user_name
            ORDER BY 2
            """).ToListAsync(ct);
    }
}
