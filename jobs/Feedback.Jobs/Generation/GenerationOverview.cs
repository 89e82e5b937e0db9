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

    /// <summary>
    /// The checkpoint that answers the project's prompts now (null when none serves its modality), and every other
    /// policy of that modality, shared or the project's own, that a battle can pit against it.
    /// </summary>
    public async Task<(CheckpointChoice? Serving, IReadOnlyList<CheckpointChoice> Opponents)> CheckpointsAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modality = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Modality).SingleAsync(ct);
        var serving = await ServingCheckpoints.PolicyForAsync(db, projectId, modality, ct);
        var servingId = serving?.Id;
        var opponents = await db.Checkpoints.AsNoTracking()
            .Where(c => c.Kind == CheckpointKind.Policy && c.Modality == modality && (c.ProjectId == null || c.ProjectId == projectId))
            .Where(c => servingId == null || c.Id != servingId)
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => new CheckpointChoice(c.Id, c.Name, c.Status, c.ProjectId == null, c.CreatedAt))
            .ToListAsync(ct);
        return (serving is null ? null : new CheckpointChoice(serving.Id, serving.Name, serving.Status, serving.ProjectId is null, serving.CreatedAt), opponents);
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
