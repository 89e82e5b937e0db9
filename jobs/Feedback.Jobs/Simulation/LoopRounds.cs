using System.Diagnostics;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Core.Training.Snapshots;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Training;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// The rounds both loop benches run: generate comparisons with the serving model, let the simulated raters vote,
/// snapshot, train a reward model, train the policy and gate it, then judge the round's policy against the base model.
/// What differs between text and images comes in through a <see cref="LoopModality"/>.
/// </summary>
public sealed class LoopRounds(
    IDbContextFactory<FeedbackDbContext> dbFactory,
    ProjectAdministration projects,
    ProjectContent content,
    GenerationScheduler generation,
    SimulatedRaters raters,
    SnapshotBuilder snapshots,
    BenchTraining training)
{
    /// <summary>A bench's own project (one vote per comparison) holding <paramref name="prompts"/>; any refusal is an error.</summary>
    public async Task<long> CreateProjectAsync(string name, Modality modality, IReadOnlyList<NewPrompt> prompts, string source, string ownerId, CancellationToken ct)
    {
        var (projectId, result) = await projects.CreateAsync(
            new NewProject { Name = $"{name} {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}", Modality = modality, VotesPerComparison = 1 }, ownerId, ct);
        if (projectId is not { } id)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors));
        }

        var added = await content.AddPromptsAsync(id, prompts, source, ct);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", added.Errors));
        }

        return id;
    }

    public async Task<IReadOnlyList<LoopRoundResult>> RunAsync(
        long projectId, IReadOnlyList<string> raterIds, LoopBenchOptions options, LoopModality modality, Action<string> say, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(raterIds);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modality);
        ArgumentNullException.ThrowIfNull(say);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.VotesPerRound);
        ArgumentOutOfRangeException.ThrowIfNegative(options.HeldOutVotes);
        Checkpoint baseModel;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            baseModel = await ServingCheckpoints.PolicyForAsync(db, projectId, modality.Modality, ct)
                ?? throw new InvalidOperationException($"No {modality.Modality.ToString().ToLowerInvariant()} model is serving; the shipped base model was not registered.");
        }

        var results = new List<LoopRoundResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var total = Stopwatch.StartNew();
            var clock = Stopwatch.StartNew();
            say($"round {round}: generating {options.VotesCast} comparisons");
            foreach (var size in GenerationRequest.BatchSizes(options.VotesCast))
            {
                var (batchId, generated) = await generation.CreateAsync(new GenerationRequest(projectId, size), raterIds[0], ct);
                if (batchId is not { } id)
                {
                    throw new InvalidOperationException(string.Join(" ", generated.Errors));
                }

                await modality.GenerateAsync(id, ct);
            }

            var generationTime = clock.Elapsed;

            clock.Restart();
            say($"round {round}: {options.Raters} simulated raters voting with {options.Noise:P0} noise");
            var votes = await raters.VoteAsync(projectId, raterIds, modality.Oracle, options.Noise, options.VotesCast, options.Seed + round, ct);
            var votingTime = clock.Elapsed;

            clock.Restart();
            var (snapshotId, snapshotResult) = await snapshots.CreateAsync(new SnapshotRequest(projectId, $"Round {round}") { HeldOutFraction = options.HeldOutFraction }, null, ct);
            if (snapshotId is not { } snapshot)
            {
                throw new InvalidOperationException(string.Join(" ", snapshotResult.Errors));
            }

            say($"round {round}: snapshot taken; training the reward model");
            var rewardRun = await training.TrainAsync(new TrainingRunRequest(projectId, modality.RewardKind, snapshot, options.RewardModelHyperparameters), ct);
            var rewardTime = clock.Elapsed;
            var rewardBreakdown = modality.RewardBreakdownAsync is { } explain ? await explain(snapshot, rewardRun.Checkpoint, ct) : null;

            clock.Restart();
            say($"round {round}: training the policy ({options.Method})");
            var learnsFromVotes = !options.Method.IsReinforcement();
            var policyRequest = new TrainingRunRequest(
                projectId, options.Method, learnsFromVotes ? snapshot : null, options.PolicyHyperparameters, RewardCheckpointId: rewardRun.Checkpoint.Id);
            var policyRun = await training.TrainAsync(policyRequest, ct);
            var policyTime = clock.Elapsed;

            say($"round {round}: judging against the base model with the noise-free oracle");
            var againstBase = await modality.JudgeAsync(round, policyRun.Checkpoint, baseModel, ct);
            var metrics = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(rewardRun.Checkpoint.MetricsJson) ?? [];
            results.Add(new LoopRoundResult(
                round, votes, metrics.GetValueOrDefault("eval/accuracy", double.NaN), 1 - options.Noise,
                policyRun.Checkpoint.StatusReason ?? "", policyRun.Checkpoint.Status == CheckpointStatus.Serving, againstBase,
                generationTime, votingTime, rewardTime, policyTime, total.Elapsed, rewardBreakdown));
        }

        return results;
    }
}

/// <summary>
/// What a loop round does differently for one modality: how a batch is generated, who judges, which reward model, how a
/// round's policy is judged against the base and, where it can be, how the reward model's held-out verdicts split by family and deciding axis.
/// </summary>
public sealed record LoopModality(
    Modality Modality,
    TrainingRunKind RewardKind,
    IRaterOracle Oracle,
    Func<long, CancellationToken, Task> GenerateAsync,
    Func<int, Checkpoint, Checkpoint, CancellationToken, Task<OracleComparison>> JudgeAsync,
    Func<long, Checkpoint, CancellationToken, Task<RewardBreakdown>>? RewardBreakdownAsync = null);
