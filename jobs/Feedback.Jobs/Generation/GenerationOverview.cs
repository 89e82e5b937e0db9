using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Generation;

/// <summary>What the project page shows about generation: the serving model, possible opponents and recent batches.</summary>
public sealed class GenerationOverview(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public sealed record CheckpointChoice(long Id, string Name, CheckpointStatus Status, bool IsShared, DateTimeOffset CreatedAt);

    public sealed record BatchRow(
        long Id,
        DateTimeOffset CreatedAt,
        string RequestedBy,
        string Checkpoint,
        string? Opponent,
        int CandidatesPerComparison,
        int Wanted,
        int Made,
        int PromptsSkipped,
        GenerationBatchStatus Status,
        string? Message);

    /// <summary>The checkpoint that answers the project's prompts now; null when none serves its modality.</summary>
    public async Task<CheckpointChoice?> ServingAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modality = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Modality).SingleAsync(ct);
        return await ServingCheckpoints.PolicyForAsync(db, projectId, modality, ct) is { } c
            ? new CheckpointChoice(c.Id, c.Name, c.Status, c.ProjectId is null, c.CreatedAt)
            : null;
    }

    /// <summary>Every other policy of the project's modality (shared or the project's own) that a battle can pit against the serving one.</summary>
    public async Task<IReadOnlyList<CheckpointChoice>> OpponentsAsync(long projectId, CancellationToken ct = default)
    {
        var serving = await ServingAsync(projectId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modality = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Modality).SingleAsync(ct);
        return await db.Checkpoints.AsNoTracking()
            .Where(c => c.Kind == CheckpointKind.Policy && c.Modality == modality && (c.ProjectId == null || c.ProjectId == projectId))
            .Where(c => serving == null || c.Id != serving.Id)
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => new CheckpointChoice(c.Id, c.Name, c.Status, c.ProjectId == null, c.CreatedAt))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<BatchRow>> RecentBatchesAsync(long projectId, int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.GenerationBatches.AsNoTracking()
            .Where(b => b.ProjectId == projectId)
            .OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Take(take)
            .Select(b => new BatchRow(
                b.Id,
                b.CreatedAt,
                db.Users.Where(u => u.Id == b.RequestedBy).Select(u => u.UserName).FirstOrDefault() ?? b.RequestedBy,
                b.Checkpoint!.Name,
                b.OpponentCheckpoint == null ? null : b.OpponentCheckpoint.Name,
                b.CandidatesPerComparison,
                b.ComparisonsWanted,
                b.ComparisonsMade,
                b.PromptsSkipped,
                b.Status,
                b.Error))
            .ToListAsync(ct);
    }
}
