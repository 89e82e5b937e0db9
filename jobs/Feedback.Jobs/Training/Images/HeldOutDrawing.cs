using System.Globalization;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Generation;
using Feedback.Sampling.Diffusion;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Training.Images;

/// <summary>How image checkpoints are compared: on the project's held-out captions, at its sampling settings, image i from seed + i on both sides.</summary>
internal static class HeldOutDrawing
{
    private const int ChunkSize = 32;

    public static Task<List<string>> CaptionsAsync(FeedbackDbContext db, long projectId, CancellationToken ct) =>
        db.Prompts.AsNoTracking()
            .Where(p => p.ProjectId == projectId && p.IsHeldOut)
            .OrderBy(p => p.Id)
            .Select(p => p.Text)
            .ToListAsync(ct);

    /// <summary>The captions to draw: the held-out ones in turn until there are <paramref name="count"/>.</summary>
    public static List<string> Cycle(IReadOnlyList<string> captions, int count) =>
        Enumerable.Range(0, count).Select(i => captions[i % captions.Count]).ToList();

    /// <summary>
    /// The candidate and the other model draw the same captions from the same seeds. The candidate's pipeline is not
    /// kept open afterwards; if it is promoted, the next batch opens it again.
    /// </summary>
    public static (List<GeneratedImage> Candidate, List<GeneratedImage> Other) DrawBoth(
        Checkpoint candidate, Checkpoint other, IReadOnlyList<string> captions, ImageGenerationSettings settings, int seed,
        CheckpointStore store, ImageSessionCache sessions, CancellationToken ct)
    {
        try
        {
            List<GeneratedImage> candidateImages;
            using (var model = ServedImageModel.Open(candidate, store, sessions))
            {
                candidateImages = Draw(model, captions, settings, seed, ct);
            }

            using var otherModel = ServedImageModel.Open(other, store, sessions);
            return (candidateImages, Draw(otherModel, captions, settings, seed, ct));
        }
        finally
        {
            sessions.Evict(candidate.Id.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static List<GeneratedImage> Draw(ServedImageModel model, IReadOnlyList<string> captions, ImageGenerationSettings settings, int seed, CancellationToken ct)
    {
        var images = new List<GeneratedImage>(captions.Count);
        for (var start = 0; start < captions.Count; start += ChunkSize)
        {
            var chunk = captions.Skip(start).Take(ChunkSize).ToList();
            images.AddRange(model.Pipeline.Generate(chunk, chunk.Select((_, i) => seed + start + i).ToList(), settings, ct));
        }

        return images;
    }
}
