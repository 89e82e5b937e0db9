using Feedback.Core.Media;
using Feedback.Core.Rating;
using Feedback.Jobs.Training.Images;
using Feedback.Training.Datasets.Scenes;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Judges images by how well each follows its caption: it knows what the caption asks for (the scene grammar parses
/// it) and scores each image by the share of those requirements the adherence classifier sees met. Captions outside
/// the scene grammar are not judged.
/// </summary>
public sealed class SceneOracle(MediaStore media, SceneJudge judge) : IRaterOracle
{
    public async Task<IReadOnlyList<double>?> JudgeAsync(RatingItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!SceneCaption.TryParse(item.Prompt, out _) || item.Candidates.Any(c => c.ImagePath is null))
        {
            return null;
        }

        var images = new List<byte[]>();
        foreach (var candidate in item.Candidates)
        {
            images.Add(await StoredImages.LoadRgbAsync(media, candidate.ImagePath!, judge.ImageSize, ct));
        }

        return judge.Score(images, item.Candidates.Select(_ => item.Prompt).ToList());
    }
}
