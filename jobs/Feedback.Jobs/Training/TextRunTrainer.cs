using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Training.Checkpoints;
using Feedback.Training.Text;
using Feedback.Training.Text.Preference;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Training;

/// <summary>
/// Trains one text run into a checkpoint folder: a reward model from the base policy's trunk, DPO from the base policy
/// against itself as the frozen reference, or RLOO against the run's reward model. The trainers keep their resume point
/// in the run's own folder, so a retried job carries on from the last saved step.
/// </summary>
public sealed class TextRunTrainer(IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store, RunLog log, TimeProvider clock)
{
    /// <returns>The held-out metrics of the trained model.</returns>
    public async Task<IReadOnlyDictionary<string, double>> TrainAsync(TrainingRun run, string runDirectory, string outputFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        var baseCheckpoint = run.BaseCheckpoint ?? throw new InvalidOperationException($"Run {run.Id} has no checkpoint to start from.");
        using var policy = TextCheckpoint.Load(store.FolderOf(baseCheckpoint.Path));
        var tokenizer = policy.Tokenizer;
        var reporter = new RunReporter(dbFactory, run.Id, clock);
        PreferenceTrainingReport report;
        double? startingLoss = null;
        switch (run.Kind)
        {
            case TrainingRunKind.RewardModel:
            {
                var data = await LoadPairsAsync(run, policy, ct);
                using var rewardModel = RewardModel.FromPolicy(policy.Model);
                var options = TrainingHyperparameters.Parse<RewardModelOptions>(run.HyperparametersJson);
                report = new RewardModelTrainer(options).Run(rewardModel, data.Train, data.HeldOut, tokenizer.PadId, runDirectory, reporter, ct);
                RewardCheckpoint.Save(outputFolder, rewardModel, tokenizer, RunOutcome.Metadata(run));
                break;
            }

            case TrainingRunKind.Dpo:
            {
                var data = await LoadPairsAsync(run, policy, ct);
                var options = TrainingHyperparameters.Parse<DpoOptions>(run.HyperparametersJson);
                report = new DpoTrainer(options).Run(policy.Model, data.Train, data.HeldOut, tokenizer.PadId, runDirectory, reporter, ct);
                startingLoss = options.LossBeforeTraining;
                TextCheckpointExport.Write(outputFolder, policy.Model, tokenizer, RunOutcome.Metadata(run));
                break;
            }

            case TrainingRunKind.Rloo:
            {
                var rewardCheckpoint = run.RewardCheckpoint ?? throw new InvalidOperationException($"Run {run.Id} has no reward model to learn from.");
                using var rewardModel = RewardCheckpoint.Load(store.FolderOf(rewardCheckpoint.Path));
                var prompts = await TrainingPromptsAsync(run.ProjectId, policy, ct);
                await log.WriteAsync(run.Id, $"RLOO on {prompts.Count} training prompts, scored by {rewardCheckpoint.Name}.", ct);
                var options = TrainingHyperparameters.Parse<RlooOptions>(run.HyperparametersJson);
                report = new RlooTrainer(options).Run(
                    policy.Model, rewardModel.Model, prompts, tokenizer.EosId, tokenizer.PadId, runDirectory, reporter, ct);
                TextCheckpointExport.Write(outputFolder, policy.Model, tokenizer, RunOutcome.Metadata(run));
                break;
            }

            default:
                throw new InvalidOperationException($"{run.Kind} runs are not available for text projects.");
        }

        return await RunOutcome.LogAsync(log, run.Id, report, startingLoss, ct);
    }

    private async Task<PreferenceData> LoadPairsAsync(TrainingRun run, LoadedTextCheckpoint policy, CancellationToken ct)
    {
        var snapshotId = run.SnapshotId ?? throw new InvalidOperationException($"Run {run.Id} has no snapshot to learn from.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var data = await PreferenceData.LoadAsync(db, snapshotId, policy.Tokenizer, policy.Config.MaxPositionEmbeddings, ct);
        if (data.Train.Count == 0 || data.HeldOut.Count == 0)
        {
            throw new InvalidOperationException(
                $"Snapshot {snapshotId} gives {data.Train.Count} training and {data.HeldOut.Count} held-out pairs; both are needed. Collect more votes or take a new snapshot.");
        }

        await log.WriteAsync(run.Id, $"Learning from {data.Train.Count} pairs, evaluating on {data.HeldOut.Count} held-out pairs ({data.Skipped} ties, both-bad or over-long pairs left out).", ct);
        return data;
    }

    private async Task<List<IReadOnlyList<int>>> TrainingPromptsAsync(long projectId, LoadedTextCheckpoint policy, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prompts = await db.Prompts.AsNoTracking()
            .Where(p => p.ProjectId == projectId && !p.IsHeldOut)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Text, p.EarlierTurns })
            .ToListAsync(ct);
        var encoded = prompts.Select(p => PreferenceData.EncodePrompt(policy.Tokenizer, p.Text, p.EarlierTurns))
            .Where(p => p.Count < policy.Config.MaxPositionEmbeddings / 2)
            .ToList();
        return encoded.Count > 0 ? encoded : throw new InvalidOperationException("The project has no training prompts for RLHF to answer.");
    }
}
