using Feedback.Core.Domain;
using Feedback.Core.Media;

namespace Feedback.Core.Projects;

/// <summary>The rows a valid item becomes: a prompt, its candidates, and one comparison over them in the given order (or the prompt alone).</summary>
internal static class ItemRows
{
    /// <summary>Stores the item's images, if any; the result lines up with its candidates (null for text ones).</summary>
    public static async Task<StoredImage?[]> StoreImagesAsync(MediaStore media, NewItem item, CancellationToken ct)
    {
        var stored = new StoredImage?[item.Candidates.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            if (item.Candidates[i].Png is { } png)
            {
                var (relativePath, sha256) = await media.SaveImageAsync(png, ct);
                stored[i] = new StoredImage(relativePath, sha256);
            }
        }

        return stored;
    }

    public static Prompt CreatePrompt(long projectId, NewItem item, string source, DateTimeOffset now) => new()
    {
        ProjectId = projectId,
        Text = item.Prompt,
        EarlierTurns = item.EarlierTurns.ToList(),
        Source = source,
        CreatedAt = now,
    };

    public static Comparison Create(
        long projectId, Modality modality, NewItem item, StoredImage?[] images, string source, DateTimeOffset now)
    {
        var prompt = CreatePrompt(projectId, item, source, now);
        var candidates = item.Candidates.Select((candidate, i) => new Candidate
        {
            Prompt = prompt,
            Modality = modality,
            Text = modality == Modality.Text ? candidate.Text : null,
            ImagePath = images[i]?.RelativePath,
            ImageSha256 = images[i]?.Sha256,
            Source = source,
            CreatedAt = now,
        }).ToList();
        return new Comparison
        {
            ProjectId = projectId,
            Prompt = prompt,
            CreatedAt = now,
            Candidates = candidates.Select((candidate, position) => new ComparisonCandidate { Position = position, Candidate = candidate }).ToList(),
        };
    }

    internal sealed record StoredImage(string RelativePath, string Sha256);
}
