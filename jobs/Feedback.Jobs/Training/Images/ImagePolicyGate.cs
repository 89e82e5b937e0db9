using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Generation;
using Feedback.Sampling.Diffusion;
using Feedback.Training.Images;
using Feedback.Training.Images.Preference;
using Microsoft.EntityFrameworkCore;
using static TorchSharp.torch;

namespace Feedback.Jobs.Training.Images;

/// <summary>
/// Evaluates a new image model against the one serving its project: both draw the same held-out captions from the
/// same seeds at the project's sampling settings; the image reward model judges each pair, and the adherence
/// classifier scores both sides. The first images of each side are kept as the checkpoints' sample grids.
/// </summary>
public sealed class ImagePolicyGate(
    IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store, ImageSessionCache sessions, SceneJudge judge, CheckpointSamples samples)
{
    private const int Seed = 20_261_123;

    /// <returns>Null when the project has no held-out caption.</returns>
    public async Task<ImageGateReport?> EvaluateAsync(Checkpoint candidate, Checkpoint serving, Checkpoint rewardModel, int images, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(serving);
        ArgumentNullException.ThrowIfNull(rewardModel);
        var projectId = candidate.ProjectId ?? throw new InvalidOperationException($"{candidate.Name} belongs to no project.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, ct);
        var heldOut = await HeldOutDrawing.CaptionsAsync(db, projectId, ct);
        if (heldOut.Count == 0)
        {
            return null;
        }

        var captions = HeldOutDrawing.Cycle(heldOut, Math.Max(images, CheckpointSamples.Count));
        var settings = ImageCandidateGenerator.Settings(project.Sampling);
        var (newImages, servingImages) = HeldOutDrawing.DrawBoth(candidate, serving, captions, settings, Seed, store, sessions, ct);
        samples.Save(candidate.Id, newImages);
        if (!samples.Exists(serving.Id))
        {
            samples.Save(serving.Id, servingImages);
        }

        var judged = captions.Take(Math.Max(1, images)).ToList();
        var (newScores, servingScores) = Rewards(rewardModel, judged, newImages, servingImages);
        var (wins, losses, ties) = PairedScores.Tally(newScores, servingScores, tieWithin: 1e-6);

        var newAdherence = judge.Score(newImages.Take(judged.Count).Select(i => i.Rgb).ToList(), judged).Average();
        var servingAdherence = judge.Score(servingImages.Take(judged.Count).Select(i => i.Rgb).ToList(), judged).Average();
        return new ImageGateReport(judged.Count, wins, losses, ties, newAdherence, servingAdherence);
    }

    private (double[] New, double[] Serving) Rewards(Checkpoint rewardModel, List<string> captions, List<GeneratedImage> newImages, List<GeneratedImage> servingImages)
    {
        using var model = ImageRewardCheckpoint.Load(store.FolderOf(rewardModel.Path));
        return (Score(model, captions, newImages), Score(model, captions, servingImages));
    }

    private static double[] Score(ImageRewardModel model, List<string> captions, List<GeneratedImage> images)
    {
        using var noGrad = no_grad();
        using var pixels = ImagePixels.ToTensor(images.Take(captions.Count).Select(i => i.Rgb).ToList(), model.Config.ImageSize);
        using var scores = model.Score(pixels, captions);
        return scores.data<float>().Select(score => (double)score).ToArray();
    }
}
