using System.Text.Json;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.Sampling.Diffusion;
using Feedback.Training.Checkpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Generation;

/// <summary>
/// Carries out a <see cref="GenerationBatch"/> for an image project: draws images for the captions with the fewest
/// comparisons from the batch's checkpoint (each candidate from its own seed), or one image from each side of a battle
/// from the same seed, and saves each chunk of comparisons with the batch's progress, so a retry carries on.
/// </summary>
public sealed class ImageCandidateGenerator(
    IDbContextFactory<FeedbackDbContext> dbFactory,
    GenerationBatches batches,
    CheckpointStore store,
    ImageSessionCache sessions,
    MediaStore media,
    TimeProvider clock,
    ILogger<ImageCandidateGenerator> logger)
{
    /// <summary>Comparisons drawn together and saved together.</summary>
    private const int ChunkSize = 8;

    /// <summary>Images are drawn at the model's size and stored this many times larger.</summary>
    private const int DisplayScale = 4;

    /// <returns>The comparisons this run added.</returns>
    public Task<int> RunAsync(long batchId, CancellationToken ct) => batches.RunAsync(batchId, GenerateAsync, ct);

    public static ImageGenerationSettings Settings(SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        return new ImageGenerationSettings { Steps = sampling.DiffusionSteps, GuidanceScale = sampling.GuidanceScale };
    }

    private async Task<int> GenerateAsync(GenerationBatch batch, CancellationToken ct)
    {
        var settings = Settings(JsonSerializer.Deserialize<SamplingSettings>(batch.SettingsJson) ?? new SamplingSettings());
        settings.Validate();
        using var model = ServedImageModel.Open(batch.Checkpoint!, store, sessions);
        using var opponent = batch.OpponentCheckpoint is { } other ? ServedImageModel.Open(other, store, sessions) : null;

        var made = batch.ComparisonsMade;
        while (made < batch.ComparisonsWanted)
        {
            ct.ThrowIfCancellationRequested();
            var prompts = await batches.NextPromptsAsync(batch, Math.Min(ChunkSize, batch.ComparisonsWanted - made), [], ct);
            if (prompts.Count == 0)
            {
                break;
            }

            var firstSeed = unchecked((int)batch.Seed + (made * 131));
            var drawn = Draw(prompts, model, opponent, batch.CandidatesPerComparison, settings, firstSeed, ct);
            made += await SaveChunkAsync(batch, settings, prompts, drawn, ct);
        }

        await batches.FinishAsync(
            batch.Id,
            made == 0 ? GenerationBatchStatus.Failed : GenerationBatchStatus.Succeeded,
            made == batch.ComparisonsWanted ? null : $"Made {made} of {batch.ComparisonsWanted} comparisons: the project ran out of captions.",
            ct);
        logger.LogInformation("Generation batch {BatchId} drew {Made} comparisons in project {ProjectId}", batch.Id, made, batch.ProjectId);
        return made - batch.ComparisonsMade;
    }

    // Pairs from one model get a seed each; a battle gives both sides the same seed, so only the model differs.
    private static (long CheckpointId, GeneratedImage Image)[][] Draw(
        List<PromptToAnswer> prompts, ServedImageModel model, ServedImageModel? opponent, int perComparison, ImageGenerationSettings settings, int firstSeed, CancellationToken ct)
    {
        var slots = opponent is null ? Enumerable.Repeat(model, perComparison).ToArray() : [model, opponent];
        var seeds = prompts.Select((_, i) => slots.Select((_, slot) => firstSeed + (i * 8) + (opponent is null ? slot : 0)).ToArray()).ToArray();
        var result = prompts.Select(_ => new (long, GeneratedImage)[slots.Length]).ToArray();
        for (var slot = 0; slot < slots.Length; slot++)
        {
            var captions = prompts.Select(p => p.Text).ToList();
            var images = slots[slot].Pipeline.Generate(captions, seeds.Select(s => s[slot]).ToList(), settings, ct);
            for (var i = 0; i < prompts.Count; i++)
            {
                result[i][slot] = (slots[slot].CheckpointId, images[i]);
            }
        }

        return result;
    }

    private async Task<int> SaveChunkAsync(
        GenerationBatch batch, ImageGenerationSettings settings, List<PromptToAnswer> prompts, (long CheckpointId, GeneratedImage Image)[][] drawn, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        for (var i = 0; i < prompts.Count; i++)
        {
            var candidates = new List<ComparisonCandidate>();
            foreach (var (checkpointId, image) in drawn[i])
            {
                var (path, sha256) = await media.SaveImageAsync(GeneratedImagePng.Encode(image, DisplayScale), ct);
                candidates.Add(new ComparisonCandidate
                {
                    Position = candidates.Count,
                    Candidate = new Candidate
                    {
                        PromptId = prompts[i].Id,
                        Modality = Modality.Image,
                        ImagePath = path,
                        ImageSha256 = sha256,
                        CheckpointId = checkpointId,
                        Seed = image.Seed,
                        SamplingParametersJson = JsonSerializer.Serialize(new
                        {
                            batch = batch.Id,
                            sampler = "ddim",
                            steps = settings.Steps,
                            guidance_scale = settings.GuidanceScale,
                            eta = settings.Eta,
                            size = image.Size,
                        }),
                        Source = TextCandidateGenerator.Source,
                        CreatedAt = now,
                    },
                });
            }

            db.Comparisons.Add(new Comparison { ProjectId = batch.ProjectId, PromptId = prompts[i].Id, CreatedAt = now, Candidates = candidates });
        }

        var tracked = await db.GenerationBatches.SingleAsync(b => b.Id == batch.Id, ct);
        tracked.ComparisonsMade += prompts.Count;
        await db.SaveChangesAsync(ct);
        return prompts.Count;
    }
}
