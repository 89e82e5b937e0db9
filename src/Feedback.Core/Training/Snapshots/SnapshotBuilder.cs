using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Training.Snapshots;

/// <summary>
/// Makes a snapshot: selects a project's votes by a <see cref="SnapshotRequest"/> (the filtering runs in the database),
/// splits them by prompt and stores the selection with its hash. A snapshot is never changed afterwards: there is no
/// way to update one here, only to make another.
/// </summary>
public sealed class SnapshotBuilder(IDbContextFactory<FeedbackDbContext> dbFactory, GoldScores goldScores, TimeProvider clock)
{
    private sealed record SelectedVote(long VoteId, long PromptId, bool PromptIsHeldOut);

    /// <summary>Stores the snapshot and returns its id, or the reasons it was refused (a request that does not hold, no votes to take).</summary>
    public async Task<(long? SnapshotId, OperationResult Result)> CreateAsync(SnapshotRequest request, string? userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Problems();
        if (problems.Count > 0)
        {
            return (null, new OperationResult(false, problems));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == request.ProjectId, ct))
        {
            return (null, OperationResult.Failed($"Project {request.ProjectId} does not exist."));
        }

        var votes = await SelectAsync(db, request, ct);
        if (votes.Count == 0)
        {
            return (null, OperationResult.Failed(await NothingSelectedAsync(db, request.ProjectId, ct)));
        }

        var splits = votes
            .Select(v => (v.VoteId, Split: SnapshotSplitter.SplitOf(v.PromptId, v.PromptIsHeldOut, request.HeldOutFraction, request.Seed)))
            .ToList();
        var snapshot = new Snapshot
        {
            ProjectId = request.ProjectId,
            Name = request.Name.Trim(),
            FilterJson = request.ToJson(),
            Sha256 = SnapshotHash.Compute(splits),
            VoteCount = splits.Count,
            CreatedById = userId,
            CreatedAt = clock.GetUtcNow(),
            Votes = splits.Select(s => new SnapshotVote { VoteId = s.VoteId, Split = s.Split }).ToList(),
        };

        // The snapshot and all its vote rows go in with one SaveChanges: one transaction, so a snapshot is whole or absent.
        db.Snapshots.Add(snapshot);
        await db.SaveChangesAsync(ct);
        return (snapshot.Id, OperationResult.Success);
    }

    private async Task<List<SelectedVote>> SelectAsync(FeedbackDbContext db, SnapshotRequest request, CancellationToken ct)
    {
        // A swapped repeat measures the rater's consistency; their first answer is the one that trains.
        var votes = db.Votes.AsNoTracking().Where(v => v.Comparison!.ProjectId == request.ProjectId && !v.IsSwapRepeat);
        if (request.From is { } from)
        {
            var since = from.ToUniversalTime();
            votes = votes.Where(v => v.AnsweredAt >= since);
        }

        if (request.To is { } to)
        {
            var until = to.ToUniversalTime();
            votes = votes.Where(v => v.AnsweredAt < until);
        }

        if (!request.IncludeGold)
        {
            votes = votes.Where(v => !v.Comparison!.IsGold);
        }

        if (request.TieHandling == SnapshotVoteHandling.Drop)
        {
            votes = votes.Where(v => v.Choice != VoteChoice.Tie);
        }

        if (request.BothBadHandling == SnapshotVoteHandling.Drop)
        {
            votes = votes.Where(v => v.Choice != VoteChoice.BothBad);
        }

        if (request.ExcludeDisabledRaters)
        {
            votes = votes.Where(v => !db.Users.Any(u => u.Id == v.RaterId && u.IsDisabled));
        }

        if (request.ExcludePausedRaters)
        {
            votes = votes.Where(v => !db.RaterPauses.Any(p => p.ProjectId == request.ProjectId && p.RaterId == v.RaterId && p.ResumedAt == null));
        }

        votes = await FilterByGoldAsync(votes, request, ct);
        return await votes
            .OrderBy(v => v.Id)
            .Select(v => new SelectedVote(v.Id, v.Comparison!.PromptId, v.Comparison.Prompt!.IsHeldOut))
            .ToListAsync(ct);
    }

    // Gold scores are per rater over all of the project's gold answers, whatever period the snapshot covers.
    private async Task<IQueryable<Vote>> FilterByGoldAsync(IQueryable<Vote> votes, SnapshotRequest request, CancellationToken ct)
    {
        if (request.MinGoldAccuracy is not { } minAccuracy)
        {
            return votes;
        }

        var judged = (await goldScores.ForProjectAsync(request.ProjectId, ct)).Where(s => s.Answered >= request.MinGoldAnswers).ToList();
        if (request.IncludeRatersWithFewGoldAnswers)
        {
            var below = judged.Where(s => s.Accuracy < minAccuracy).Select(s => s.RaterId).ToList();
            return votes.Where(v => !below.Contains(v.RaterId));
        }

        var proven = judged.Where(s => s.Accuracy >= minAccuracy).Select(s => s.RaterId).ToList();
        return votes.Where(v => proven.Contains(v.RaterId));
    }

    private static async Task<string> NothingSelectedAsync(FeedbackDbContext db, long projectId, CancellationToken ct)
    {
        var total = await db.Votes.CountAsync(v => v.Comparison!.ProjectId == projectId, ct);
        return total == 0
            ? "The project has no votes yet, so there is nothing to snapshot."
            : $"None of the project's {total} votes match these filters, so there is nothing to snapshot. Widen the period, lower the gold accuracy wanted, keep ties and \"both bad\" votes, or take paused raters' votes too.";
    }
}
