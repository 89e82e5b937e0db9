using System.Text.Json;
using Feedback.Core;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Generation;

/// <summary>Records generation batches (checked before anything runs) and queues them on the sampling queue.</summary>
public sealed class GenerationScheduler(IDbContextFactory<FeedbackDbContext> dbFactory, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Records the batch and queues its job; returns the batch's id, or why it was refused.</summary>
    public async Task<(long? BatchId, OperationResult Result)> QueueAsync(GenerationRequest request, string requestedBy, CancellationToken ct = default)
    {
        var (batchId, result) = await CreateAsync(request, requestedBy, ct);
        if (batchId is not { } id)
        {
            return (null, result);
        }

        var jobId = jobs.Enqueue<CandidateGenerationJob>(job => job.RunAsync(id, CancellationToken.None));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.GenerationBatches.Where(b => b.Id == id).ExecuteUpdateAsync(set => set.SetProperty(b => b.HangfireJobId, jobId), ct);
        return (id, result);
    }

    /// <summary>Records the batch without queuing it, for callers that run it themselves.</summary>
    public async Task<(long? BatchId, OperationResult Result)> CreateAsync(GenerationRequest request, string requestedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProjectId, ct);
        if (project is null)
        {
            return (null, OperationResult.Failed($"Project {request.ProjectId} does not exist."));
        }

        var serving = await ServingCheckpoints.PolicyForAsync(db, project.Id, project.Modality, ct);
        var problems = await ProblemsAsync(db, request, project, serving, ct);
        if (problems.Count > 0)
        {
            return (null, new OperationResult(false, problems));
        }

        var batch = new GenerationBatch
        {
            ProjectId = project.Id,
            CheckpointId = serving!.Id,
            OpponentCheckpointId = request.OpponentCheckpointId,
            ComparisonsWanted = request.Comparisons,
            CandidatesPerComparison = request.OpponentCheckpointId is null ? request.CandidatesPerComparison : 2,
            SettingsJson = JsonSerializer.Serialize(project.Sampling),
            Seed = Random.Shared.Next(1, int.MaxValue / 2),
            RequestedBy = requestedBy,
            CreatedAt = clock.GetUtcNow(),
        };
        db.GenerationBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        return (batch.Id, OperationResult.Success);
    }

    private static async Task<List<string>> ProblemsAsync(
        FeedbackDbContext db, GenerationRequest request, Project project, Checkpoint? serving, CancellationToken ct)
    {
        var problems = new List<string>();
        if (project.IsArchived)
        {
            problems.Add($"Project '{project.Name}' is archived.");
        }

        if (serving is null)
        {
            problems.Add($"No {project.Modality.ToString().ToLowerInvariant()} model is serving; register or promote a checkpoint first.");
        }

        if (request.Comparisons is < 1 or > GenerationRequest.MaxComparisons)
        {
            problems.Add($"Ask for between 1 and {GenerationRequest.MaxComparisons:N0} comparisons.");
        }

        if (request.CandidatesPerComparison is < 2 or > 4)
        {
            problems.Add("A comparison has 2 candidates (a pair) or 3 to 4 (a ranking).");
        }

        if (request.OpponentCheckpointId is { } opponentId)
        {
            var opponent = await db.Checkpoints.AsNoTracking().SingleOrDefaultAsync(c => c.Id == opponentId, ct);
            if (opponent is null || opponent.Kind != CheckpointKind.Policy || opponent.Modality != project.Modality)
            {
                problems.Add($"Checkpoint {opponentId} is not {(project.Modality == Modality.Image ? "an image" : "a text")} model that can answer prompts.");
            }
            else if (opponent.Id == serving?.Id)
            {
                problems.Add("A battle needs a checkpoint other than the serving one.");
            }
        }

        var battle = request.OpponentCheckpointId is not null;
        if (!await db.Prompts.AnyAsync(p => p.ProjectId == project.Id && (battle || !p.IsHeldOut), ct))
        {
            problems.Add("The project has no prompts to answer; add or import some first.");
        }

        return problems;
    }
}
