using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Checkpoints;

/// <summary>
/// Which of a project's checkpoints serves: promotion (the one before it retires), keeping a candidate with the gate's
/// reason, and rolling back to what served before. Every change is written to the promotion history in the same
/// transaction. Samplers look the serving checkpoint up for every batch, so a change takes effect without a restart.
/// </summary>
public sealed class CheckpointPromotions(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Makes the checkpoint serve its project; returns the id of the project checkpoint it replaced, if any.</summary>
    public async Task<(long? Replaced, OperationResult Result)> PromoteAsync(long checkpointId, string reason, string? byId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => PromoteOnceAsync(db, checkpointId, reason, byId, ct));
    }

    private async Task<(long? Replaced, OperationResult Result)> PromoteOnceAsync(
        FeedbackDbContext db, long checkpointId, string reason, string? byId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var owner = await db.Checkpoints.Where(c => c.Id == checkpointId).Select(c => c.ProjectId).SingleOrDefaultAsync(ct);
        if (owner is not { } projectId)
        {
            return (null, OperationResult.Failed($"Checkpoint {checkpointId} does not exist or belongs to no project."));
        }

        await LockProjectAsync(db, projectId, ct);
        var checkpoint = await db.Checkpoints.SingleAsync(c => c.Id == checkpointId, ct);

        if (checkpoint.Status == CheckpointStatus.Serving)
        {
            return (null, OperationResult.Failed($"{checkpoint.Name} is already serving."));
        }

        var now = clock.GetUtcNow();
        var current = await ServingAsync(db, projectId, checkpoint.Modality, checkpoint.Kind, ct);
        if (current is not null)
        {
            current.Status = CheckpointStatus.Retired;
            current.StatusReason = $"Replaced by {checkpoint.Name}.";
        }

        checkpoint.Status = CheckpointStatus.Serving;
        checkpoint.StatusReason = reason;
        checkpoint.PromotedAt = now;
        db.CheckpointPromotions.Add(new CheckpointPromotion
        {
            ProjectId = projectId,
            CheckpointId = checkpoint.Id,
            PreviousCheckpointId = current?.Id,
            Action = PromotionAction.Promoted,
            Reason = reason,
            ById = byId,
            At = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (current?.Id, OperationResult.Success);
    }

    /// <summary>Keeps the checkpoint a candidate and records why.</summary>
    public async Task RejectAsync(long checkpointId, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checkpoint = await db.Checkpoints.SingleAsync(c => c.Id == checkpointId, ct);
        if (checkpoint.Status == CheckpointStatus.Candidate)
        {
            // Someone may have promoted it by hand meanwhile; a serving checkpoint keeps its own reason.
            checkpoint.StatusReason = reason;
        }

        db.CheckpointPromotions.Add(new CheckpointPromotion
        {
            ProjectId = checkpoint.ProjectId ?? throw new InvalidOperationException($"Checkpoint {checkpointId} belongs to no project."),
            CheckpointId = checkpoint.Id,
            Action = PromotionAction.Rejected,
            Reason = reason,
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Stops the project's serving policy of this modality and restores what served before it (the shared base model
    /// when nothing of the project's own did). Returns the checkpoint that stopped serving. With
    /// <paramref name="expectedServingId"/>, it rolls back only if that checkpoint still serves, so a second click (or a
    /// second researcher) acting on the same page does not go one more step back.
    /// </summary>
    public async Task<(long? Stopped, OperationResult Result)> RollBackAsync(
        long projectId, Modality modality, CheckpointKind kind, string? byId, long? expectedServingId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            () => RollBackOnceAsync(db, projectId, modality, kind, byId, expectedServingId, ct));
    }

    private async Task<(long? Stopped, OperationResult Result)> RollBackOnceAsync(
        FeedbackDbContext db, long projectId, Modality modality, CheckpointKind kind, string? byId, long? expectedServingId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockProjectAsync(db, projectId, ct);
        var current = await ServingAsync(db, projectId, modality, kind, ct);
        if (current is null)
        {
            return (null, OperationResult.Failed("Nothing of this project's own is serving, so there is nothing to roll back."));
        }

        if (expectedServingId is { } expected && current.Id != expected)
        {
            return (null, OperationResult.Failed(
                $"Checkpoint #{expected} no longer serves ({current.Name} does now), so nothing was rolled back. Check the list and try again."));
        }

        var promotion = await db.CheckpointPromotions
            .Where(p => p.CheckpointId == current.Id && p.Action == PromotionAction.Promoted)
            .OrderByDescending(p => p.At)
            .FirstOrDefaultAsync(ct);
        var previous = promotion?.PreviousCheckpointId is { } previousId
            ? await db.Checkpoints.SingleAsync(c => c.Id == previousId, ct)
            : null;

        var now = clock.GetUtcNow();
        current.Status = CheckpointStatus.Retired;
        current.StatusReason = "Rolled back.";
        if (previous is not null)
        {
            previous.Status = CheckpointStatus.Serving;
            previous.StatusReason = $"Serving again after {current.Name} was rolled back.";
            previous.PromotedAt = now;
        }

        db.CheckpointPromotions.Add(new CheckpointPromotion
        {
            ProjectId = projectId,
            CheckpointId = current.Id,
            PreviousCheckpointId = previous?.Id,
            Action = PromotionAction.RolledBack,
            Reason = previous is null ? "Rolled back to the shared base model." : $"Rolled back to {previous.Name}.",
            ById = byId,
            At = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (current.Id, OperationResult.Success);
    }

    /// <summary>Promotions and rollbacks of one project take turns, so two checkpoints of a kind never serve at once.</summary>
    private static Task LockProjectAsync(FeedbackDbContext db, long projectId, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""SELECT id AS "Value" FROM projects WHERE id = {projectId} FOR UPDATE""").ToListAsync(ct);

    /// <summary>The project's own serving checkpoint of this kind (not the shared base model).</summary>
    public static Task<Checkpoint?> ServingAsync(FeedbackDbContext db, long projectId, Modality modality, CheckpointKind kind, CancellationToken ct) =>
        db.Checkpoints
            .Where(c => c.ProjectId == projectId && c.Modality == modality && c.Kind == kind && c.Status == CheckpointStatus.Serving)
            .OrderByDescending(c => c.PromotedAt)
            .FirstOrDefaultAsync(ct);
}
