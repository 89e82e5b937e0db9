using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Training.Snapshots;

/// <summary>Reads back the snapshots made of a project, with their vote and pair counts per split (counted in the database).</summary>
public sealed class SnapshotCatalog(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    /// <summary>The project's snapshots, newest first.</summary>
    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SummariesAsync(db, db.Snapshots.Where(s => s.ProjectId == projectId), ct);
    }

    public async Task<SnapshotSummary?> GetAsync(long snapshotId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await SummariesAsync(db, db.Snapshots.Where(s => s.Id == snapshotId), ct)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<SnapshotSummary>> SummariesAsync(FeedbackDbContext db, IQueryable<Snapshot> snapshots, CancellationToken ct)
    {
        var rows = await snapshots.AsNoTracking()
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Select(s => new
            {
                s.Id, s.ProjectId, s.Name, s.VoteCount, s.Sha256, s.CreatedAt, s.CreatedById, s.FilterJson,
                CreatedByName = db.Users.Where(u => u.Id == s.CreatedById).Select(u => u.UserName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();

        // A ranking of K candidates gives K(K-1)/2 pairs; every other vote gives one.
        var counts = await db.SnapshotVotes.AsNoTracking()
            .Where(sv => ids.Contains(sv.SnapshotId))
            .Select(sv => new
            {
                sv.SnapshotId,
                sv.Split,
                Pairs = sv.Vote!.Ranking == null ? 1 : sv.Vote.Ranking.Length * (sv.Vote.Ranking.Length - 1) / 2,
            })
            .GroupBy(x => new { x.SnapshotId, x.Split })
            .Select(g => new { g.Key.SnapshotId, g.Key.Split, Votes = g.Count(), Pairs = g.Sum(x => x.Pairs) })
            .ToListAsync(ct);

        int Count(long id, SnapshotSplit split, bool pairs) =>
            counts.Where(c => c.SnapshotId == id && c.Split == split).Sum(c => pairs ? c.Pairs : c.Votes);

        return rows.Select(r => new SnapshotSummary(
                r.Id, r.ProjectId, r.Name, r.VoteCount, Count(r.Id, SnapshotSplit.HeldOut, pairs: false),
                Count(r.Id, SnapshotSplit.Train, pairs: true), Count(r.Id, SnapshotSplit.HeldOut, pairs: true),
                r.Sha256, r.CreatedAt, r.CreatedById, r.CreatedByName, r.FilterJson))
            .ToList();
    }
}
