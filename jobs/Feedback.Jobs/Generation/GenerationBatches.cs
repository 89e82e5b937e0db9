using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Training.Checkpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Generation;

/// <summary>The bookkeeping every generator shares: starting a batch, choosing the prompts to answer next, and finishing it.</summary>
public sealed class GenerationBatches(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock, ILogger<GenerationBatches> logger)
{
    /// <summary>
    /// Starts the batch and runs <paramref name="generate"/> on it. A batch that cannot succeed (its checkpoint or
    /// project is not fit to generate from) fails with the reason and is not retried; any other error fails it and
    /// rethrows, so that Hangfire retries it and the retry carries on from the saved progress.
    /// </summary>
    /// <returns>The comparisons this run added.</returns>
    public async Task<int> RunAsync(long batchId, Func<GenerationBatch, CancellationToken, Task<int>> generate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(generate);
        var batch = await StartAsync(batchId, ct);
        if (batch is null)
        {
            return 0;
        }

        try
        {
            return await generate(batch, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or CheckpointCorruptException or IOException or InvalidDataException or ArgumentException)
        {
            logger.LogError(e, "Generation batch {BatchId} failed", batchId);
            await FinishAsync(batchId, GenerationBatchStatus.Failed, e.Message, CancellationToken.None);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FinishAsync(batchId, GenerationBatchStatus.Failed, e.Message, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Marks the batch running and returns it with its checkpoints; null when it is gone or already done.</summary>
    public async Task<GenerationBatch?> StartAsync(long batchId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var batch = await db.GenerationBatches
            .Include(b => b.Checkpoint).Include(b => b.OpponentCheckpoint)
            .SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null)
        {
            logger.LogWarning("Generation batch {BatchId} does not exist; nothing to do", batchId);
            return null;
        }

        if (batch.Status == GenerationBatchStatus.Succeeded)
        {
            return null;
        }

        batch.Status = GenerationBatchStatus.Running;
        batch.Error = null;
        batch.StartedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return batch;
    }

    internal async Task<List<PromptToAnswer>> NextPromptsAsync(GenerationBatch batch, int count, HashSet<long> givenUp, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var battle = batch.OpponentCheckpointId is not null;
        var excluded = givenUp.ToList();

        // Raters' comparisons come from training prompts; battles evaluate on held-out prompts first.
        return await db.Prompts.AsNoTracking()
            .Where(p => p.ProjectId == batch.ProjectId && (battle || !p.IsHeldOut) && !excluded.Contains(p.Id))
            .OrderByDescending(p => battle && p.IsHeldOut)
            .ThenBy(p => db.Comparisons.Count(c => c.PromptId == p.Id))
            .ThenBy(p => p.Id)
            .Take(count)
            .Select(p => new PromptToAnswer(p.Id, p.Text, p.EarlierTurns))
            .ToListAsync(ct);
    }

    public async Task FinishAsync(long batchId, GenerationBatchStatus status, string? message, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.GenerationBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(set => set
            .SetProperty(b => b.Status, status)
            .SetProperty(b => b.Error, message)
            .SetProperty(b => b.FinishedAt, clock.GetUtcNow()), ct);
    }
}
