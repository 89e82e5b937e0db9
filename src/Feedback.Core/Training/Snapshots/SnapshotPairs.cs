using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Training.Snapshots;

/// <summary>
/// A snapshot as training pairs. A pairwise vote is one pair (the candidate picked over the other); a ranking of K
/// candidates is its K(K-1)/2 pairs, each candidate over every one ranked below it; a tie or "both bad" vote, which a
/// snapshot holds only when asked to keep them, is one flagged pair. Pairs come in vote id order, a ranking's in the
/// order of <see cref="ImpliedPreferences.FromRanking"/>, so the same snapshot always gives the same list.
/// </summary>
public static class SnapshotPairs
{
    private sealed record VoteRow(
        long VoteId, SnapshotSplit Split, long ComparisonId, long PromptId, string RaterId, VoteChoice? Choice, long[]? Ranking, long[] ShownOrder, PreferenceStrength? Strength);

    private sealed record PromptRow(long Id, string Text, List<DialogueTurn> EarlierTurns);

    private sealed record CandidateRow(long Id, string? Text, string? ImagePath);

    public static async Task<IReadOnlyList<SnapshotPair>> LoadAsync(IDbContextFactory<FeedbackDbContext> dbFactory, long snapshotId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, snapshotId, ct);
    }

    public static async Task<IReadOnlyList<SnapshotPair>> LoadAsync(FeedbackDbContext db, long snapshotId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Snapshots.AnyAsync(s => s.Id == snapshotId, ct))
        {
            throw new InvalidOperationException($"Snapshot {snapshotId} does not exist.");
        }

        var votes = await db.SnapshotVotes.AsNoTracking()
            .Where(sv => sv.SnapshotId == snapshotId)
            .OrderBy(sv => sv.VoteId)
            .Select(sv => new VoteRow(
                sv.VoteId, sv.Split, sv.Vote!.ComparisonId, sv.Vote.Comparison!.PromptId, sv.Vote.RaterId, sv.Vote.Choice, sv.Vote.Ranking, sv.Vote.ShownOrder, sv.Vote.Strength))
            .ToListAsync(ct);

        var promptIds = votes.Select(v => v.PromptId).Distinct().ToList();
        var prompts = await db.Prompts.AsNoTracking()
            .Where(p => promptIds.Contains(p.Id))
            .Select(p => new PromptRow(p.Id, p.Text, p.EarlierTurns))
            .ToDictionaryAsync(p => p.Id, ct);
        var candidateIds = votes.SelectMany(v => v.ShownOrder).Distinct().ToList();
        var candidates = await db.Candidates.AsNoTracking()
            .Where(c => candidateIds.Contains(c.Id))
            .Select(c => new CandidateRow(c.Id, c.Text, c.ImagePath))
            .ToDictionaryAsync(c => c.Id, ct);

        var pairs = new List<SnapshotPair>(votes.Count);
        foreach (var vote in votes)
        {
            var prompt = prompts[vote.PromptId];
            foreach (var (chosen, rejected, isTie, isBothBad) in Preferences(vote))
            {
                var (first, second) = (candidates[chosen], candidates[rejected]);
                pairs.Add(new SnapshotPair(
                    vote.VoteId, vote.ComparisonId, vote.PromptId, prompt.Text, prompt.EarlierTurns, chosen, rejected,
                    first.Text, second.Text, first.ImagePath, second.ImagePath, vote.Strength, vote.RaterId, vote.Split, isTie, isBothBad,
                    vote.Ranking is null ? vote.ShownOrder[0] : null));
            }
        }

        return pairs;
    }

    private static IEnumerable<(long Chosen, long Rejected, bool IsTie, bool IsBothBad)> Preferences(VoteRow vote)
    {
        var (left, right) = (vote.ShownOrder[0], vote.ShownOrder[^1]);
        return vote switch
        {
            { Ranking: { } ranking } => ImpliedPreferences.FromRanking(ranking).Select(p => (p.WinnerId, p.LoserId, false, false)),
            { Choice: VoteChoice.Left } => [(left, right, false, false)],
            { Choice: VoteChoice.Right } => [(right, left, false, false)],
            { Choice: VoteChoice.Tie } => [(left, right, true, false)],
            { Choice: VoteChoice.BothBad } => [(left, right, false, true)],
            _ => [],
        };
    }
}
