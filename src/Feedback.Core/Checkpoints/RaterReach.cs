using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Checkpoints;

/// <summary>
/// Where one rater's votes in a project went: the snapshots that hold them, and every checkpoint whose weights carry
/// them (trained on a snapshot with their training votes, started from such a checkpoint, as a policy from its parent
/// or a reward model from its trunk, or rewarded by such a reward model), or whose evaluation rested on them (their
/// held-out votes, or a gate judged by such a reward model). Held-out votes and gate verdicts never reach weights, so
/// they are not followed any further. Swapped repeats are left out: they measure consistency and are never trained on.
/// </summary>
public sealed class RaterReach(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public sealed record SnapshotShare(long SnapshotId, string Name, DateTimeOffset CreatedAt, int TrainVotes, int HeldOutVotes, int SnapshotVotes);

    /// <param name="Routes">How their votes reached it, most direct first, for example "trained on 'Week 3', which holds 12 of their votes".</param>
    public sealed record ReachedCheckpoint(
        long Id, string Name, CheckpointKind Kind, CheckpointStatus Status, long? TrainingRunId, bool InWeights, IReadOnlyList<string> Routes);

    /// <param name="Votes">The rater's votes in the project, swapped repeats not counted.</param>
    /// <param name="VotesInSnapshots">How many of those are in at least one snapshot.</param>
    public sealed record Report(int Votes, int VotesInSnapshots, IReadOnlyList<SnapshotShare> Snapshots, IReadOnlyList<ReachedCheckpoint> Checkpoints)
    {
        public int ServingInWeights => Checkpoints.Count(c => c.InWeights && c.Status == CheckpointStatus.Serving);
    }

    private sealed record Node(
        long Id, string Name, CheckpointKind Kind, CheckpointStatus Status, long? StartedFromId, long? RunId, TrainingRunKind? RunKind,
        long? SnapshotId, long? RewardId);

    public async Task<Report> ForRaterAsync(long projectId, string raterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var theirVotes = db.Votes.Where(v => v.RaterId == raterId && v.Comparison!.ProjectId == projectId && !v.IsSwapRepeat);
        var votes = await theirVotes.CountAsync(ct);
        var inSnapshots = await theirVotes.CountAsync(v => db.SnapshotVotes.Any(sv => sv.VoteId == v.Id), ct);

        var splits = await db.SnapshotVotes.AsNoTracking()
            .Where(sv => sv.Vote!.RaterId == raterId && sv.Vote.Comparison!.ProjectId == projectId)
            .GroupBy(sv => new { sv.SnapshotId, sv.Split })
            .Select(g => new { g.Key.SnapshotId, g.Key.Split, Count = g.Count() })
            .ToListAsync(ct);
        var snapshotIds = splits.Select(s => s.SnapshotId).Distinct().ToList();
        var snapshots = (await db.Snapshots.AsNoTracking().Where(s => snapshotIds.Contains(s.Id)).OrderBy(s => s.Id).ToListAsync(ct))
            .Select(s => new SnapshotShare(
                s.Id, s.Name, s.CreatedAt,
                splits.Where(x => x.SnapshotId == s.Id && x.Split == SnapshotSplit.Train).Sum(x => x.Count),
                splits.Where(x => x.SnapshotId == s.Id && x.Split == SnapshotSplit.HeldOut).Sum(x => x.Count),
                s.VoteCount))
            .ToList();
        if (snapshots.Count == 0)
        {
            return new Report(votes, inSnapshots, snapshots, []);
        }

        // Lineage can cross projects (a run may start from another project's checkpoint), so every trained checkpoint is
        // looked at. A reward model has no parent, but its run's base checkpoint gave it its trunk.
        var nodes = await db.Checkpoints.AsNoTracking()
            .Where(c => c.TrainingRunId != null || c.ParentId != null)
            .OrderBy(c => c.Id)
            .Select(c => new Node(
                c.Id, c.Name, c.Kind, c.Status, c.ParentId ?? c.TrainingRun!.BaseCheckpointId, c.TrainingRunId, (TrainingRunKind?)c.TrainingRun!.Kind,
                c.TrainingRun.SnapshotId, c.TrainingRun.RewardCheckpointId))
            .ToListAsync(ct);
        return new Report(votes, inSnapshots, snapshots, Follow(nodes, snapshots));
    }

    private static List<ReachedCheckpoint> Follow(IReadOnlyList<Node> nodes, IReadOnlyList<SnapshotShare> snapshots)
    {
        var shares = snapshots.ToDictionary(s => s.SnapshotId);
        var names = nodes.ToDictionary(n => n.Id, n => n.Name);
        var inWeights = new HashSet<long>();

        // A checkpoint's parent or reward model is usually older, but ids are not relied on: repeat until nothing new is reached.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var node in nodes.Where(n => !inWeights.Contains(n.Id) && WeightRoutes(n, shares, inWeights, names).Any()))
            {
                changed |= inWeights.Add(node.Id);
            }
        }

        var reached = new List<ReachedCheckpoint>();
        foreach (var node in nodes)
        {
            var carried = inWeights.Contains(node.Id);
            var routes = carried
                ? WeightRoutes(node, shares, inWeights, names).Concat(EvaluationRoutes(node, shares, inWeights, names)).ToList()
                : EvaluationRoutes(node, shares, inWeights, names).ToList();
            if (routes.Count > 0)
            {
                reached.Add(new ReachedCheckpoint(node.Id, node.Name, node.Kind, node.Status, node.RunId, carried, routes));
            }
        }

        return reached;
    }

    private static IEnumerable<string> WeightRoutes(Node node, Dictionary<long, SnapshotShare> shares, HashSet<long> inWeights, Dictionary<long, string> names)
    {
        if (node.SnapshotId is { } snapshotId && shares.TryGetValue(snapshotId, out var share) && share.TrainVotes > 0)
        {
            yield return $"trained on '{share.Name}', which holds {share.TrainVotes} of their votes";
        }

        if (node.StartedFromId is { } startId && inWeights.Contains(startId))
        {
            yield return $"started from '{names[startId]}'";
        }

        if (node.RunKind?.IsReinforcement() == true && node.RewardId is { } rewardId && inWeights.Contains(rewardId))
        {
            yield return $"rewarded by '{names[rewardId]}'";
        }
    }

    private static IEnumerable<string> EvaluationRoutes(Node node, Dictionary<long, SnapshotShare> shares, HashSet<long> inWeights, Dictionary<long, string> names)
    {
        if (node.SnapshotId is { } snapshotId && shares.TryGetValue(snapshotId, out var share) && share.HeldOutVotes > 0)
        {
            yield return $"evaluated on '{share.Name}', whose held-out part holds {share.HeldOutVotes} of their votes";
        }

        if (node.RunKind?.IsReinforcement() == false && node.RewardId is { } rewardId && inWeights.Contains(rewardId))
        {
            yield return $"judged at the gate by '{names[rewardId]}'";
        }
    }

}
