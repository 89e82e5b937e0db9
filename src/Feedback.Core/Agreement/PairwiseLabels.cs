using Npgsql;

namespace Feedback.Core.Agreement;

/// <summary>
/// The labels agreement is measured on. A pairwise vote is labelled by what it says about the comparison's candidates
/// in their stored order, not by side, since each rater sees the sides shuffled: the first candidate better, the
/// second better, a tie, or both bad. Rankings and swapped repeats are left out.
/// </summary>
internal static class PairwiseLabels
{
    public const int Count = 4;

    public static readonly IReadOnlyList<string> Names = ["first better", "second better", "tie", "both bad"];

    /// <summary>
    /// A CTE named <c>labelled</c> (comparison_id, rater_id, label, answered_at) over the project's pairwise votes in
    /// the window, parameters <c>@project</c>, <c>@from</c> and <c>@to</c>. Choices: 0 left, 1 right, 2 tie, 3 both bad;
    /// shown_order[1] is the candidate shown on the left (Postgres arrays count from 1).
    /// </summary>
    public const string Cte = """
        labelled AS (
            SELECT v.comparison_id, v.rater_id, v.answered_at,
                   CASE WHEN v.choice >= 2 THEN v.choice
                        WHEN (v.choice = 0) = (v.shown_order[1] = cc.candidate_id) THEN 0
                        ELSE 1 END AS label
            FROM votes v
            JOIN comparisons c ON c.id = v.comparison_id
            JOIN comparison_candidates cc ON cc.comparison_id = v.comparison_id AND cc.position = 0
            WHERE c.project_id = @project AND v.choice IS NOT NULL AND NOT v.is_swap_repeat
              AND v.answered_at >= @from AND v.answered_at < @to
        )
        """;

    /// <summary>Per comparison, how many raters gave each label (c0 to c3) and how many rated it (n).</summary>
    public const string ItemCountsCte = """
        item_counts AS (
            SELECT comparison_id,
                   count(*) FILTER (WHERE label = 0)::int AS c0,
                   count(*) FILTER (WHERE label = 1)::int AS c1,
                   count(*) FILTER (WHERE label = 2)::int AS c2,
                   count(*) FILTER (WHERE label = 3)::int AS c3,
                   count(*)::int AS n,
                   max(answered_at) AS last_answered_at
            FROM labelled
            GROUP BY comparison_id
        )
        """;

    public static NpgsqlParameter[] Parameters(long projectId, AgreementWindow window) =>
    [
        new("project", projectId),
        new("from", window.Start),
        new("to", window.End),
    ];
}
