using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Feedback.Core.Agreement;

/// <summary>
/// Raises the votes wanted (k) for comparisons whose raters disagree: once a comparison has all the votes it wanted
/// and the share of agreeing rater pairs on it is below a threshold, it asks for more, up to a cap. Gold comparisons
/// have a known answer and are left alone.
/// </summary>
public sealed class AdaptiveOverlap(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public sealed record Settings(double BelowAgreement = 0.6, int ExtraVotes = 2, int MaxVotes = 9);

    /// <summary>Raises k where it is due and returns how many comparisons now want more votes.</summary>
    public async Task<int> RaiseAsync(long projectId, Settings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ExtraVotes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.MaxVotes, 50);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.ExecuteSqlRawAsync(
            $"""
            WITH {PairwiseLabels.Cte}, {PairwiseLabels.ItemCountsCte}
            UPDATE comparisons c
            SET votes_wanted_override = LEAST(COALESCE(c.votes_wanted_override, p.votes_per_comparison) + @extra, @cap)
            FROM item_counts i, projects p
            WHERE c.id = i.comparison_id AND p.id = c.project_id AND NOT c.is_gold AND NOT c.is_retired
              AND i.n >= 2
              AND i.n >= COALESCE(c.votes_wanted_override, p.votes_per_comparison)
              AND COALESCE(c.votes_wanted_override, p.votes_per_comparison) < @cap
              AND (i.c0 * (i.c0 - 1) + i.c1 * (i.c1 - 1) + i.c2 * (i.c2 - 1) + i.c3 * (i.c3 - 1))::float8 / (i.n * (i.n - 1)) < @below
            """,
            [.. PairwiseLabels.Parameters(projectId, AgreementWindow.All),
                new NpgsqlParameter("extra", settings.ExtraVotes), new NpgsqlParameter("cap", settings.MaxVotes), new NpgsqlParameter("below", settings.BelowAgreement)],
            ct);
    }
}
