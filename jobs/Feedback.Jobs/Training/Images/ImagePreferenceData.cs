using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.Core.Training.Snapshots;
using Feedback.Training.Images.Preference;

namespace Feedback.Jobs.Training.Images;

/// <summary>
/// An image snapshot as training and held-out image preferences: each decisive pair's images read back at the model's
/// size. Ties, "both bad" votes and pairs without two images are left out and counted.
/// </summary>
public sealed record ImagePreferenceData(IReadOnlyList<ImagePreferencePair> Train, IReadOnlyList<ImagePreferencePair> HeldOut, int Skipped)
{
    public static async Task<ImagePreferenceData> LoadAsync(FeedbackDbContext db, MediaStore media, long snapshotId, int imageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(media);
        var pairs = await SnapshotPairs.LoadAsync(db, snapshotId, ct);
        var (train, heldOut, skipped) = (new List<ImagePreferencePair>(), new List<ImagePreferencePair>(), 0);
        var cache = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            if (pair.IsTie || pair.IsBothBad || pair.ChosenImagePath is null || pair.RejectedImagePath is null)
            {
                skipped++;
                continue;
            }

            var chosen = await LoadAsync(media, pair.ChosenImagePath, imageSize, cache, ct);
            var rejected = await LoadAsync(media, pair.RejectedImagePath, imageSize, cache, ct);
            (pair.Split == SnapshotSplit.HeldOut ? heldOut : train).Add(new ImagePreferencePair(pair.PromptText, chosen, rejected));
        }

        return new ImagePreferenceData(train, heldOut, skipped);
    }

    private static async Task<byte[]> LoadAsync(MediaStore media, string path, int size, Dictionary<string, byte[]> cache, CancellationToken ct)
    {
        if (!cache.TryGetValue(path, out var rgb))
        {
            rgb = await StoredImages.LoadRgbAsync(media, path, size, ct);
            cache[path] = rgb;
        }

        return rgb;
    }
}
