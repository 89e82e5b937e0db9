using System.Globalization;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Training.Images;
using Feedback.Sampling.Diffusion;
using Feedback.Training.Datasets.Scenes;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Rounds of the image loop on a project of scene captions: draw comparisons with the serving image model, let
/// simulated raters vote by the scene oracle, snapshot, train an image reward model, tune the image model
/// (Diffusion-DPO or DDPO) and gate it, then judge the round's model against the base with the noise-free oracle on
/// held-out captions from fixed seeds, and save a grid of the base's images above the new model's.
/// </summary>
public sealed class ImageLoopBench(
    ImageCandidateGenerator generator,
    SimulatedRaters raters,
    SceneOracle oracle,
    LoopRounds rounds,
    ImageOracleEvaluation evaluation)
{
    public async Task<IReadOnlyList<LoopRoundResult>> RunAsync(LoopBenchOptions options, Action<string> say, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(say);
        var raterIds = await raters.EnsureRatersAsync(options.Raters, ct);
        var projectId = await CreateProjectAsync(options, raterIds[0], ct);
        var images = new LoopModality(
            Modality.Image,
            TrainingRunKind.ImageRewardModel,
            oracle,
            (batchId, token) => generator.RunAsync(batchId, token),
            async (round, policy, baseModel, token) =>
            {
                var (againstBase, newImages, baseImages) = await evaluation.CompareAsync(projectId, policy, baseModel, options.EvaluationAnswers, token);
                if (options.GridFolder is { } folder)
                {
                    var path = Path.Combine(folder, $"loop-bench-image-round-{round.ToString(CultureInfo.InvariantCulture)}.png");
                    Directory.CreateDirectory(folder);
                    File.WriteAllBytes(path, SampleGrid.Png(BeforeAfter(baseImages, newImages), CheckpointSamples.Columns));
                    say($"round {round}: base (odd rows) and round model (even rows) saved to {path}");
                }

                return againstBase;
            });
        return await rounds.RunAsync(projectId, raterIds, options, images, say, ct);
    }

    /// <summary>Rows of the base model's images, each followed by the new model's row for the same captions and seeds.</summary>
    private static List<GeneratedImage> BeforeAfter(IReadOnlyList<GeneratedImage> before, IReadOnlyList<GeneratedImage> after)
    {
        var rows = new List<GeneratedImage>();
        for (var start = 0; start < before.Count; start += CheckpointSamples.Columns)
        {
            rows.AddRange(before.Skip(start).Take(CheckpointSamples.Columns));
            rows.AddRange(after.Skip(start).Take(CheckpointSamples.Columns));
        }

        return rows;
    }

    private async Task<long> CreateProjectAsync(LoopBenchOptions options, string ownerId, CancellationToken ct)
    {
        var captions = SceneGenerator.Generate((options.TrainingPrompts + options.HeldOutPrompts) * 2, options.Seed + 20_261_123)
            .Select(scene => scene.Caption)
            .Distinct(StringComparer.Ordinal)
            .Take(options.TrainingPrompts + options.HeldOutPrompts)
            .ToList();
        var prompts = captions.Select((caption, i) => new NewPrompt(caption, [], IsHeldOut: i >= options.TrainingPrompts)).ToList();
        return await rounds.CreateProjectAsync("Image loop bench", Modality.Image, prompts, "scenes", ownerId, ct);
    }
}
