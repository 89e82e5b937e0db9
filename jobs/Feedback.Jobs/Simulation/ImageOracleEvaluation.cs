using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Training;
using Feedback.Jobs.Training.Images;
using Feedback.Sampling.Diffusion;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Two image models draw the project's held-out captions from the same seeds at its sampling settings, and the
/// noise-free scene oracle scores every image by the share of its caption's requirements it meets; the image with
/// the higher score wins its pair.
/// </summary>
public sealed class ImageOracleEvaluation(IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store, ImageSessionCache sessions, SceneJudge judge)
{
    private const int Seed = 424_242;

    /// <returns>The comparison, and the first images of each side (policy's, other's) for a sample grid.</returns>
    public async Task<(OracleComparison Comparison, IReadOnlyList<GeneratedImage> Policy, IReadOnlyList<GeneratedImage> Other)> CompareAsync(
        long projectId, Checkpoint policy, Checkpoint other, int images, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(other);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, ct);
        var heldOut = await HeldOutDrawing.CaptionsAsync(db, projectId, ct);
        if (heldOut.Count == 0)
        {
            throw new InvalidOperationException("The project has no held-out captions to compare the models on.");
        }

        var captions = HeldOutDrawing.Cycle(heldOut, images);
        var settings = ImageCandidateGenerator.Settings(project.Sampling);
        var (mine, theirs) = HeldOutDrawing.DrawBoth(policy, other, captions, settings, Seed, store, sessions, ct);
        var a = judge.Score(mine.Select(i => i.Rgb).ToList(), captions);
        var b = judge.Score(theirs.Select(i => i.Rgb).ToList(), captions);
        var (wins, losses, ties) = PairedScores.Tally(a, b);
        var comparison = new OracleComparison(
            captions.Count, wins, losses, ties, a.Average(), b.Average(), a.Count(s => s >= 1) / (double)captions.Count, b.Count(s => s >= 1) / (double)captions.Count);
        return (comparison, mine.Take(CheckpointSamples.Count).ToList(), theirs.Take(CheckpointSamples.Count).ToList());
    }
}
