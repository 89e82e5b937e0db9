using System.Diagnostics;
using System.Globalization;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Core.Training.Snapshots;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Training;
using Feedback.Jobs.Training.Images;
using Feedback.Sampling.Diffusion;
using Feedback.Training.Datasets.Scenes;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Rounds of the image loop on a project of scene captions: draw comparisons with the serving image model, let
/// simulated raters vote by the scene oracle, snapshot, train an image reward model, tune the image model
/// (Diffusion-DPO or DDPO) and gate it, then judge the round's model against the base with the noise-free oracle on
/// held-out captions from fixed seeds, and save a grid of the base's images above the new model's.
/// </summary>
public sealed class ImageLoopBench(
    IDbContextFactory<FeedbackDbContext> dbFactory,
    ProjectAdministration projects,
    ProjectContent content,
    GenerationScheduler generation,
    ImageCandidateGenerator generator,
    SimulatedRaters raters,
    SceneOracle oracle,
    SnapshotBuilder snapshots,
    BenchTraining training,
    ImageOracleEvaluation evaluation)
{
    public async Task<IReadOnlyList<LoopRoundResult>> RunAsync(LoopBenchOptions options, Action<string> say, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(say);
        var raterIds = await raters.EnsureRatersAsync(options.Raters, ct);
        var projectId = await CreateProjectAsync(options, raterIds[0], ct);
        Checkpoint baseModel;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            baseModel = await ServingCheckpoints.PolicyForAsync(db, projectId, Modality.Image, ct)
                ?? throw new InvalidOperationException("No image model is serving; the shipped base model was not registered.");
        }

        var results = new List<LoopRoundResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var total = Stopwatch.StartNew();
            var clock = Stopwatch.StartNew();
            say($"round {round}: drawing {options.VotesPerRound} comparisons");
            var (batchId, generated) = await generation.CreateAsync(new GenerationRequest(projectId, Math.Min(options.VotesPerRound, GenerationRequest.MaxComparisons)), raterIds[0], ct);
            if (batchId is not { } id)
            {
                throw new InvalidOperationException(string.Join(" ", generated.Errors));
            }

            await generator.RunAsync(id, ct);
            var generationTime = clock.Elapsed;

            clock.Restart();
            say($"round {round}: {options.Raters} simulated raters voting with {options.Noise:P0} noise");
            var votes = await raters.VoteAsync(projectId, raterIds, oracle, options.Noise, options.VotesPerRound, options.Seed + round, ct);
            var votingTime = clock.Elapsed;

            clock.Restart();
            var (snapshotId, snapshotResult) = await snapshots.CreateAsync(new SnapshotRequest(projectId, $"Round {round}"), null, ct);
            if (snapshotId is not { } snapshot)
            {
                throw new InvalidOperationException(string.Join(" ", snapshotResult.Errors));
            }

            say($"round {round}: snapshot taken; training the image reward model");
            var rewardRun = await training.TrainAsync(new TrainingRunRequest(projectId, TrainingRunKind.ImageRewardModel, snapshot, options.RewardModelHyperparameters), ct);
            var rewardTime = clock.Elapsed;

            clock.Restart();
            say($"round {round}: tuning the image model ({options.Method})");
            var policyRequest = new TrainingRunRequest(
                projectId, options.Method, options.Method == TrainingRunKind.DiffusionRl ? null : snapshot, options.PolicyHyperparameters,
                RewardCheckpointId: rewardRun.Checkpoint.Id);
            var policyRun = await training.TrainAsync(policyRequest, ct);
            var policyTime = clock.Elapsed;

            say($"round {round}: judging against the base model with the noise-free oracle");
            var (againstBase, newImages, baseImages) = await evaluation.CompareAsync(projectId, policyRun.Checkpoint, baseModel, options.EvaluationAnswers, ct);
            if (options.GridFolder is { } folder)
            {
                var path = Path.Combine(folder, $"loop-bench-image-round-{round.ToString(CultureInfo.InvariantCulture)}.png");
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(path, SampleGrid.Png(BeforeAfter(baseImages, newImages), CheckpointSamples.Columns));
                say($"round {round}: base (odd rows) and round model (even rows) saved to {path}");
            }

            var metrics = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(rewardRun.Checkpoint.MetricsJson) ?? [];
            results.Add(new LoopRoundResult(
                round, votes, metrics.GetValueOrDefault("eval/accuracy", double.NaN), 1 - options.Noise,
                policyRun.Checkpoint.StatusReason ?? "", policyRun.Checkpoint.Status == CheckpointStatus.Serving, againstBase,
                generationTime, votingTime, rewardTime, policyTime, total.Elapsed));
        }

        return results;
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
        var (projectId, result) = await projects.CreateAsync(
            new NewProject { Name = $"Image loop bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}", Modality = Modality.Image, VotesPerComparison = 1 }, ownerId, ct);
        if (projectId is not { } id)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors));
        }

        var prompts = captions.Select((caption, i) => new NewPrompt(caption, [], IsHeldOut: i >= options.TrainingPrompts)).ToList();
        var added = await content.AddPromptsAsync(id, prompts, "scenes", ct);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", added.Errors));
        }

        return id;
    }
}
