using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Leaderboard;

/// <summary>
/// Ranks a project's checkpoints by the human votes on battles between them (pairs whose two candidates come from
/// different checkpoints): Bradley-Terry with bootstrap intervals, and Elo beside it. The votes stream from the
/// database in the order they were given; only the win matrix and the Elo ratings are held.
/// </summary>
public sealed class CheckpointLeaderboard(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public sealed record Entry(long CheckpointId, string Name, int Battles, double Wins, double Rating, double Low, double High, double Elo);

    private sealed record Battle(long LeftCheckpoint, long RightCheckpoint, int Choice);

    public async Task<IReadOnlyList<Entry>> ForProjectAsync(long projectId, int resamples = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var index = new Dictionary<long, int>();
        var wins = new Dictionary<(int, int), double>();
        var elo = new EloRatings();
        await foreach (var battle in db.Database.SqlQuery<Battle>($"""
            SELECT l.checkpoint_id AS "LeftCheckpoint", r.checkpoint_id AS "RightCheckpoint", v.choice AS "Choice"
            FROM votes v
            JOIN comparisons c ON c.id = v.comparison_id
            JOIN candidates l ON l.id = v.shown_order[1]
            JOIN candidates r ON r.id = v.shown_order[2]
            WHERE c.project_id = {projectId} AND v.choice IN (0, 1, 2) AND cardinality(v.shown_order) = 2 AND NOT v.is_swap_repeat
              AND l.checkpoint_id IS NOT NULL AND r.checkpoint_id IS NOT NULL AND l.checkpoint_id <> r.checkpoint_id
            ORDER BY v.answered_at, v.id
            """).AsAsyncEnumerable().WithCancellation(ct))
        {
            var a = IndexOf(index, battle.LeftCheckpoint);
            var b = IndexOf(index, battle.RightCheckpoint);
            var score = battle.Choice switch { 0 => 1.0, 1 => 0.0, _ => 0.5 };
            wins[(a, b)] = wins.GetValueOrDefault((a, b)) + score;
            wins[(b, a)] = wins.GetValueOrDefault((b, a)) + (1 - score);
            elo.Add(a, b, score);
        }

        if (index.Count < 2)
        {
            return [];
        }

        var matrix = new double[index.Count, index.Count];
        foreach (var ((i, j), w) in wins)
        {
            matrix[i, j] = w;
        }

        var ratings = BradleyTerry.Fit(matrix);
        var intervals = LeaderboardBootstrap.Intervals(matrix, resamples);
        var ids = index.OrderBy(p => p.Value).Select(p => p.Key).ToList();
        var names = await db.Checkpoints.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return ids.Select((id, i) =>
            {
                double played = 0, won = 0;
                for (var j = 0; j < ids.Count; j++)
                {
                    played += matrix[i, j] + matrix[j, i];
                    won += matrix[i, j];
                }

                return new Entry(id, names.GetValueOrDefault(id, $"checkpoint {id}"), (int)Math.Round(played), won, ratings[i], intervals[i].Low, intervals[i].High, elo.Ratings[i]);
            })
            .OrderByDescending(e => e.Rating)
            .ToList();
    }

    private static int IndexOf(Dictionary<long, int> index, long checkpointId)
    {
        if (!index.TryGetValue(checkpointId, out var i))
        {
            i = index.Count;
            index[checkpointId] = i;
        }

        return i;
    }
}
