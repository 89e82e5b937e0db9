using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Agreement;

/// <summary>
/// A project's agreement report, per time window. The database groups the votes (per item and label, per pair of
/// raters and labels); only those aggregates travel, one item's counts at a time, so memory does not grow with the
/// number of votes.
/// </summary>
public sealed class ProjectAgreement(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    private sealed record ItemRow(int C0, int C1, int C2, int C3);

    private sealed record PairRow(string RaterA, string RaterB, int LabelA, int LabelB, long Items);

    private sealed record MajorityRow(string RaterId, int Label, int C0, int C1, int C2, int C3, long Ratings);

    public async Task<AgreementReport> ComputeAsync(
        long projectId, AgreementWindow? window = null, int minSharedItems = RatingTable.DefaultMinSharedItems, CancellationToken ct = default)
    {
        window ??= AgreementWindow.All;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));

        var agreement = new ItemAgreement(PairwiseLabels.Count);
        var counts = new int[PairwiseLabels.Count];
        await foreach (var item in db.Database.SqlQueryRaw<ItemRow>(
            $"""
            WITH {PairwiseLabels.Cte}, {PairwiseLabels.ItemCountsCte}
            SELECT c0 AS "C0", c1 AS "C1", c2 AS "C2", c3 AS "C3" FROM item_counts WHERE n >= 2
            """,
            PairwiseLabels.Parameters(projectId, window)).AsAsyncEnumerable().WithCancellation(ct))
        {
            (counts[0], counts[1], counts[2], counts[3]) = (item.C0, item.C1, item.C2, item.C3);
            agreement.Add(counts);
        }

        var pairs = new PairConfusions(PairwiseLabels.Count);
        await foreach (var pair in db.Database.SqlQueryRaw<PairRow>(
            $"""
            WITH {PairwiseLabels.Cte}
            SELECT a.rater_id AS "RaterA", b.rater_id AS "RaterB", a.label AS "LabelA", b.label AS "LabelB", count(*) AS "Items"
            FROM labelled a
            JOIN labelled b ON b.comparison_id = a.comparison_id AND b.rater_id > a.rater_id
            GROUP BY 1, 2, 3, 4
            """,
            PairwiseLabels.Parameters(projectId, window)).AsAsyncEnumerable().WithCancellation(ct))
        {
            pairs.Add(pair.RaterA, pair.RaterB, pair.LabelA, pair.LabelB, pair.Items);
        }

        var raters = new SortedDictionary<string, (long Ratings, long Compared, long Agreed)>(StringComparer.Ordinal);
        await foreach (var row in db.Database.SqlQueryRaw<MajorityRow>(
            $"""
            WITH {PairwiseLabels.Cte}, {PairwiseLabels.ItemCountsCte}
            SELECT l.rater_id AS "RaterId", l.label AS "Label", i.c0 AS "C0", i.c1 AS "C1", i.c2 AS "C2", i.c3 AS "C3", count(*) AS "Ratings"
            FROM labelled l
            JOIN item_counts i USING (comparison_id)
            GROUP BY 1, 2, 3, 4, 5, 6
            """,
            PairwiseLabels.Parameters(projectId, window)).AsAsyncEnumerable().WithCancellation(ct))
        {
            (counts[0], counts[1], counts[2], counts[3]) = (row.C0, row.C1, row.C2, row.C3);
            var verdict = LeaveOneOutMajority.Agrees(counts, row.Label);
            var (total, compared, agreed) = raters.GetValueOrDefault(row.RaterId);
            raters[row.RaterId] = (
                total + row.Ratings,
                compared + (verdict is null ? 0 : row.Ratings),
                agreed + (verdict == true ? row.Ratings : 0));
        }

        return new AgreementReport(
            agreement.Items,
            agreement.Ratings,
            PairwiseLabels.Names,
            agreement.PercentAgreement,
            agreement.FleissKappa,
            agreement.KrippendorffAlpha,
            pairs.Agreements(minSharedItems),
            raters.Select(r => new RaterAgreement(r.Key, r.Value.Ratings, r.Value.Compared, r.Value.Agreed)).ToList());
    }
}
