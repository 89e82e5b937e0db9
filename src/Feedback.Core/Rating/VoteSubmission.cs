using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Feedback.Core.Rating;

/// <summary>
/// Stores a rater's vote for a leased comparison, exactly once: the client vote id makes a retry, a double click or a
/// resubmission after a reconnect a no-op. What was shown, and when, comes from the server's lease, not the client.
/// </summary>
public sealed class VoteSubmission(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxRationaleLength = 4000;

    public async Task<VoteOutcome> SubmitAsync(VoteRequest request, CancellationToken ct = default)
    {
        ValidateShape(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(() => SubmitOnceAsync(db, request, ct));
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return VoteOutcome.AlreadyRecorded;
        }
    }

    private async Task<VoteOutcome> SubmitOnceAsync(FeedbackDbContext db, VoteRequest request, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Votes and leases on one comparison are written one at a time, under this row lock.
        var locked = await db.Database
            .SqlQuery<long>($"""SELECT id AS "Value" FROM comparisons WHERE id = {request.ComparisonId} FOR UPDATE""")
            .ToListAsync(ct);
        if (locked.Count == 0)
        {
            throw new VoteRejectedException($"Comparison {request.ComparisonId} does not exist.");
        }

        if (await db.Votes.AnyAsync(v => v.ClientVoteId == request.ClientVoteId, ct))
        {
            return VoteOutcome.AlreadyRecorded;
        }

        // A rater votes once on a comparison, and a second time only when it comes back as a swapped repeat.
        var earlier = await db.Votes.CountAsync(v => v.ComparisonId == request.ComparisonId && v.RaterId == request.RaterId, ct);
        var repeatLeased = await db.AssignmentLeases.AnyAsync(
            l => l.ComparisonId == request.ComparisonId && l.RaterId == request.RaterId && l.IsSwapRepeat, ct);
        if (earlier > 1 || (earlier == 1 && !repeatLeased))
        {
            return VoteOutcome.AlreadyRecorded;
        }

        var candidateIds = await db.ComparisonCandidates
            .Where(cc => cc.ComparisonId == request.ComparisonId)
            .Select(cc => cc.CandidateId)
            .ToListAsync(ct);
        ValidateAgainst(request, candidateIds);

        var lease = await db.AssignmentLeases.SingleOrDefaultAsync(l => l.ComparisonId == request.ComparisonId && l.RaterId == request.RaterId, ct);
        if (lease is null)
        {
            return VoteOutcome.NotAssigned;
        }

        var now = clock.GetUtcNow();
        if (lease.ExpiresAt <= now && !lease.IsSwapRepeat && await ComparisonCapacity.IsFullAsync(db, request.ComparisonId, now, ct))
        {
            // Held past its lease while another rater took the place: counting it too would give the comparison more votes than it wants.
            db.AssignmentLeases.Remove(lease);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return VoteOutcome.NotAssigned;
        }

        db.Votes.Add(new Vote
        {
            ComparisonId = request.ComparisonId,
            RaterId = request.RaterId,
            ClientVoteId = request.ClientVoteId,
            Choice = request.Choice,
            Ranking = request.Ranking?.ToArray(),
            Strength = request.Strength,
            Rationale = string.IsNullOrWhiteSpace(request.Rationale) ? null : request.Rationale.Trim(),
            ShownOrder = lease.ShownOrder,
            IsSwapRepeat = lease.IsSwapRepeat,
            ShownAt = lease.ShownAt,
            AnsweredAt = now,
        });
        db.AssignmentLeases.Remove(lease);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return VoteOutcome.Recorded;
    }

    /// <summary>
    /// Skips or flags the rater's leased comparison: the lease is released for other raters, and the item is not offered
    /// to this rater again. Passing twice on one item is a no-op.
    /// </summary>
    public async Task PassAsync(string raterId, long comparisonId, PassKind kind, string? reason = null, CancellationToken ct = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (kind == PassKind.Flag && reason is null)
        {
            throw new VoteRejectedException("A flag needs a reason.");
        }

        if (reason?.Length > 2000)
        {
            throw new VoteRejectedException("The reason is longer than 2000 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var passedBefore = await db.ComparisonPasses.AnyAsync(p => p.ComparisonId == comparisonId && p.RaterId == raterId, ct);
            var lease = await db.AssignmentLeases.SingleOrDefaultAsync(l => l.ComparisonId == comparisonId && l.RaterId == raterId, ct);
            if (lease is null)
            {
                return passedBefore ? 0 : throw new VoteRejectedException($"Comparison {comparisonId} is not assigned to this rater.");
            }

            if (!passedBefore)
            {
                db.ComparisonPasses.Add(new ComparisonPass
                {
                    ComparisonId = comparisonId, RaterId = raterId, Kind = kind, Reason = reason, CreatedAt = clock.GetUtcNow(),
                });
            }

            db.AssignmentLeases.Remove(lease);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return 1;
        });
    }

    private static void ValidateShape(VoteRequest request)
    {
        if ((request.Choice is null) == (request.Ranking is null))
        {
            throw new VoteRejectedException("A vote is either a choice (for a pair) or a ranking (for more candidates), not both or neither.");
        }

        if (request.Choice is { } choice && !Enum.IsDefined(choice))
        {
            throw new VoteRejectedException($"Unknown choice {(int)choice}.");
        }

        if (request.Strength is { } strength && !Enum.IsDefined(strength))
        {
            throw new VoteRejectedException($"Unknown strength {(int)strength}.");
        }

        if (request.Rationale?.Length > MaxRationaleLength)
        {
            throw new VoteRejectedException($"The rationale is longer than {MaxRationaleLength} characters.");
        }
    }

    private static void ValidateAgainst(VoteRequest request, List<long> candidateIds)
    {
        if (request.Choice is not null && candidateIds.Count != 2)
        {
            throw new VoteRejectedException($"Comparison {request.ComparisonId} ranks {candidateIds.Count} candidates: send a ranking.");
        }

        if (request.Ranking is not null && candidateIds.Count == 2)
        {
            throw new VoteRejectedException($"Comparison {request.ComparisonId} is a pair: send a choice.");
        }

        if (request.Ranking is { } ranking && (ranking.Count != candidateIds.Count || !ranking.Order().SequenceEqual(candidateIds.Order())))
        {
            throw new VoteRejectedException($"A ranking must order each of comparison {request.ComparisonId}'s {candidateIds.Count} candidates once.");
        }
    }
}
