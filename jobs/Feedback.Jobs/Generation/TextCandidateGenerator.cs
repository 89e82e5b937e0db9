using System.Text.Json;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Sampling.Text;
using Feedback.Training.Checkpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Generation;

/// <summary>
/// Carries out a <see cref="GenerationBatch"/> for a text project: picks the prompts with the fewest comparisons, samples
/// answers from the batch's checkpoint (or from both sides of a battle), and saves each chunk of comparisons together
/// with the batch's progress, so a retried job carries on where the last attempt stopped.
/// </summary>
public sealed class TextCandidateGenerator(
    IDbContextFactory<FeedbackDbContext> dbFactory,
    GenerationBatches batches,
    CheckpointStore store,
    TextSessionCache sessions,
    TimeProvider clock,
    ILogger<TextCandidateGenerator> logger)
{
    public const string Source = "generated";

    /// <summary>Comparisons sampled together and saved together.</summary>
    private const int ChunkSize = 16;

    /// <returns>The comparisons this run added (a retried batch counts only its own).</returns>
    public Task<int> RunAsync(long batchId, CancellationToken ct) => batches.RunAsync(batchId, GenerateAsync, ct);

    private async Task<int> GenerateAsync(GenerationBatch batch, CancellationToken ct)
    {
        var sampling = JsonSerializer.Deserialize<SamplingSettings>(batch.SettingsJson) ?? new SamplingSettings();
        var settings = HeldOutAnswering.Settings(sampling);
        settings.Validate();

        using var model = ServedTextModel.Open(batch.Checkpoint!, store, sessions);
        using var opponent = batch.OpponentCheckpoint is { } other ? ServedTextModel.Open(other, store, sessions) : null;
        ServedTextModel[] slots = opponent is null ? [.. Enumerable.Repeat(model, batch.CandidatesPerComparison)] : [model, opponent];

        var made = batch.ComparisonsMade;
        var givenUp = new HashSet<long>();
        while (made < batch.ComparisonsWanted)
        {
            ct.ThrowIfCancellationRequested();
            var prompts = await batches.NextPromptsAsync(batch, Math.Min(ChunkSize, batch.ComparisonsWanted - made), givenUp, ct);
            if (prompts.Count == 0)
            {
                break;
            }

            var seed = unchecked((int)batch.Seed + (made * 131) + (givenUp.Count * 17));
            var answers = PromptAnswers.Sample(prompts, slots, settings, seed, ct);
            var skipped = prompts.Where((_, i) => answers[i] is null).Select(p => p.Id).ToList();
            givenUp.UnionWith(skipped);
            made += await SaveChunkAsync(batch, settings, prompts, answers, skipped.Count, ct);
        }

        var shortfall = batch.ComparisonsWanted - made;
        await batches.FinishAsync(
            batch.Id,
            made == 0 ? GenerationBatchStatus.Failed : GenerationBatchStatus.Succeeded,
            shortfall == 0 ? null : $"Made {made} of {batch.ComparisonsWanted} comparisons: the model gave the same answer to every draw for {givenUp.Count} prompts, and no others were left.",
            ct);
        logger.LogInformation("Generation batch {BatchId} made {Made} comparisons in project {ProjectId}", batch.Id, made, batch.ProjectId);
        return made - batch.ComparisonsMade;
    }

    private async Task<int> SaveChunkAsync(
        GenerationBatch batch, GenerationSettings settings, List<PromptToAnswer> prompts, SampledAnswer[]?[] answers, int skipped, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var made = 0;
        for (var i = 0; i < prompts.Count; i++)
        {
            if (answers[i] is not { } slots)
            {
                continue;
            }

            db.Comparisons.Add(new Comparison
            {
                ProjectId = batch.ProjectId,
                PromptId = prompts[i].Id,
                CreatedAt = now,
                Candidates = slots.Select((answer, position) => new ComparisonCandidate
                {
                    Position = position,
                    Candidate = new Candidate
                    {
                        PromptId = prompts[i].Id,
                        Modality = Modality.Text,
                        Text = answer.Text,
                        CheckpointId = answer.CheckpointId,
                        Seed = answer.Seed,
                        SamplingParametersJson = ParametersJson(batch.Id, settings, answer),
                        Source = Source,
                        CreatedAt = now,
                    },
                }).ToList(),
            });
            made++;
        }

        // The comparisons and the progress that counts them are saved together: a retry never makes them twice.
        var tracked = await db.GenerationBatches.SingleAsync(b => b.Id == batch.Id, ct);
        tracked.ComparisonsMade += made;
        tracked.PromptsSkipped += skipped;
        await db.SaveChangesAsync(ct);
        return made;
    }

    private static string ParametersJson(long batchId, GenerationSettings settings, SampledAnswer answer) => JsonSerializer.Serialize(new
    {
        batch = batchId,
        temperature = settings.Temperature,
        top_p = settings.TopP,
        top_k = settings.TopK,
        max_new_tokens = settings.MaxNewTokens,
        new_tokens = answer.TokenCount,
        stopped_at_eos = answer.StoppedAtEos,
    });
}
