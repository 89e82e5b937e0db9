using System.Diagnostics;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Core.Training.Snapshots;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Training;
using Feedback.Training.Datasets.Text;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Rounds of the whole loop on a project of corpus prompts: generate comparisons with the serving policy, let simulated
/// raters vote, snapshot, train a reward model, train the policy (DPO or RLOO) and gate it, then judge the round's
/// policy against the base model with the noise-free oracle.
/// </summary>
public sealed class LoopBench(
    IDbContextFactory<FeedbackDbContext> dbFactory,
    ProjectAdministration projects,
    ProjectContent content,
    GenerationScheduler generation,
    TextCandidateGenerator generator,
    SimulatedRaters raters,
    SnapshotBuilder snapshots,
    BenchTraining training,
    OracleEvaluation oracle)
{
    public async Task<IReadOnlyList<LoopRoundResult>> RunAsync(LoopBenchOptions options, Action<string> say, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(say);
        var raterIds = await raters.EnsureRatersAsync(options.Raters, ct);
        var (projectId, truth) = await CreateProjectAsync(options, raterIds[0], ct);
        Checkpoint baseModel;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            baseModel = await ServingCheckpoints.PolicyForAsync(db, projectId, Modality.Text, ct)
                ?? throw new InvalidOperationException("No text model is serving; the shipped base model was not registered.");
        }

        var results = new List<LoopRoundResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var total = Stopwatch.StartNew();
            var clock = Stopwatch.StartNew();
            say($"round {round}: generating {options.VotesPerRound} comparisons");
            var (batchId, generated) = await generation.CreateAsync(new GenerationRequest(projectId, Math.Min(options.VotesPerRound, GenerationRequest.MaxComparisons)), raterIds[0], ct);
            if (batchId is not { } id)
            {
                throw new InvalidOperationException(string.Join(" ", generated.Errors));
            }

            await generator.RunAsync(id, ct);
            var generationTime = clock.Elapsed;

            clock.Restart();
            say($"round {round}: {options.Raters} simulated raters voting with {options.Noise:P0} noise");
            var votes = await raters.VoteAsync(projectId, raterIds, truth, options.Noise, options.VotesPerRound, options.Seed + round, ct);
            var votingTime = clock.Elapsed;

            clock.Restart();
            var (snapshotId, snapshotResult) = await snapshots.CreateAsync(new SnapshotRequest(projectId, $"Round {round}"), null, ct);
            if (snapshotId is not { } snapshot)
            {
                throw new InvalidOperationException(string.Join(" ", snapshotResult.Errors));
            }

            say($"round {round}: snapshot taken; training the reward model");
            var rewardRun = await training.TrainAsync(new TrainingRunRequest(projectId, TrainingRunKind.RewardModel, snapshot, options.RewardModelHyperparameters), ct);
            var rewardTime = clock.Elapsed;

            clock.Restart();
            say($"round {round}: training the policy ({options.Method})");
            var policyRequest = new TrainingRunRequest(
                projectId, options.Method, options.Method == TrainingRunKind.Rloo ? null : snapshot, options.PolicyHyperparameters,
                RewardCheckpointId: rewardRun.Checkpoint.Id);
            var policyRun = await training.TrainAsync(policyRequest, ct);
            var policyTime = clock.Elapsed;

            say($"round {round}: judging against the base model with the noise-free oracle");
            var againstBase = await oracle.CompareAsync(projectId, policyRun.Checkpoint, baseModel, truth, options.EvaluationAnswers, ct);
            var metrics = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(rewardRun.Checkpoint.MetricsJson) ?? [];
            results.Add(new LoopRoundResult(
                round, votes, metrics.GetValueOrDefault("eval/accuracy", double.NaN), 1 - options.Noise,
                policyRun.Checkpoint.StatusReason ?? "", policyRun.Checkpoint.Status == CheckpointStatus.Serving, againstBase,
                generationTime, votingTime, rewardTime, policyTime, total.Elapsed));
        }

        return results;
    }

    private async Task<(long ProjectId, CorpusTruth Truth)> CreateProjectAsync(LoopBenchOptions options, string ownerId, CancellationToken ct)
    {
        var examples = InstructionCorpus.Generate((options.TrainingPrompts + options.HeldOutPrompts) * 2, options.Seed + 20_261_123)
            .DistinctBy(e => (e.Prompt, string.Join("\n", e.EarlierTurns.Select(t => t.Text))))
            .Take(options.TrainingPrompts + options.HeldOutPrompts)
            .ToList();
        var truth = new CorpusTruth(examples);
        var (projectId, result) = await projects.CreateAsync(
            new NewProject { Name = $"Loop bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}", Modality = Modality.Text, VotesPerComparison = 1 }, ownerId, ct);
        if (projectId is not { } id)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors));
        }

        var prompts = examples.Select((e, i) => new NewPrompt(
            e.Prompt, e.EarlierTurns.Select(t => new DialogueTurn(t.Role, t.Text)).ToList(), IsHeldOut: i >= options.TrainingPrompts)).ToList();
        var added = await content.AddPromptsAsync(id, prompts, "corpus", ct);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", added.Errors));
        }

        return (id, truth);
    }
}
