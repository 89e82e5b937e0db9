using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Agreement;

/// <summary>
/// Votes and agreement per day. An item counts towards the agreement of the day it received its last vote in the
/// window; both series come from per-day SQL aggregates.
/// </summary>
public sealed class AgreementTimeline(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public sealed record Day(DateOnly Date, long Votes, long Items, double PercentAgreement, double KrippendorffAlpha);

    private sealed record VoteDay(DateTime Day, long Votes);

    private sealed record ItemDay(DateTime Day, int C0, int C1, int C2, int C3);

    public async Task<IReadOnlyList<Day>> ForProjectAsync(long projectId, AgreementWindow? window = null, CancellationToken ct = default)
    {
        window ??= AgreementWindow.All;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var votes = await db.Database.SqlQueryRaw<VoteDay>(
            """
            SELECT date_trunc('day', v.answered_at AT TIME ZONE 'UTC') AS "Day", count(*) AS "Votes"
            FROM votes v JOIN comparisons c ON c.id = v.comparison_id
            WHERE c.project_id = @project AND v.answered_at >= @from AND v.answered_at < @to
            GROUP BY 1
            """,
            PairwiseLabels.Parameters(projectId, window)).ToDictionaryAsync(d => DateOnly.FromDateTime(d.Day), d => d.Votes, ct);

        var days = new SortedDictionary<DateOnly, ItemAgreement>();
        var counts = new int[PairwiseLabels.Count];
        await foreach (var item in db.Database.SqlQueryRaw<ItemDay>(
            $"""
            WITH {PairwiseLabels.Cte}, {PairwiseLabels.ItemCountsCte}
            SELECT date_trunc('day', last_answered_at AT TIME ZONE 'UTC') AS "Day", c0 AS "C0", c1 AS "C1", c2 AS "C2", c3 AS "C3"
            FROM item_counts WHERE n >= 2
            """,
            PairwiseLabels.Parameters(projectId, window)).AsAsyncEnumerable().WithCancellation(ct))
        {
            var date = DateOnly.FromDateTime(item.Day);
            if (!days.TryGetValue(date, out var agreement))
            {
                agreement = new ItemAgreement(PairwiseLabels.Count);
                days[date] = agreement;
            }

            (counts[0], counts[1], counts[2], counts[3]) = (item.C0, item.C1, item.C2, item.C3);
            agreement.Add(counts);
        }

        return votes.Keys.Union(days.Keys).Order()
            .Select(date =>
            {
                var agreement = days.GetValueOrDefault(date);
                return new Day(date, votes.GetValueOrDefault(date), agreement?.Items ?? 0,
                    agreement?.PercentAgreement ?? double.NaN, agreement?.KrippendorffAlpha ?? double.NaN);
            })
            .ToList();
    }
}
