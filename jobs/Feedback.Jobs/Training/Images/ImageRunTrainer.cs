using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.Jobs.Generation;
using Feedback.Training.Images;
using Feedback.Training.Images.Adherence;
using Feedback.Training.Images.Preference;
using Feedback.Training.Text.Preference;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Training.Images;

/// <summary>
/// Trains one image run into a checkpoint folder: an image reward model (its image encoder starting from the shipped
/// adherence classifier, its caption encoder from the base image model), Diffusion-DPO of the base image model against
/// itself as the frozen reference, or DDPO against the run's image reward model. Resume points live in the run's folder.
/// </summary>
public sealed class ImageRunTrainer(IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store, MediaStore media, RunLog log, TimeProvider clock)
{
    public static bool Trains(TrainingRunKind kind) => kind is TrainingRunKind.ImageRewardModel or TrainingRunKind.DiffusionDpo or TrainingRunKind.DiffusionRl;

    /// <returns>The held-out metrics of the trained model.</returns>
    public async Task<IReadOnlyDictionary<string, double>> TrainAsync(TrainingRun run, string runDirectory, string outputFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        var baseCheckpoint = run.BaseCheckpoint ?? throw new InvalidOperationException($"Run {run.Id} has no checkpoint to start from.");
        using var policy = ImageCheckpoint.Load(store.FolderOf(baseCheckpoint.Path));
        var reporter = new RunReporter(dbFactory, run.Id, clock);
        PreferenceTrainingReport report;
        double? startingLoss = null;
        switch (run.Kind)
        {
            case TrainingRunKind.ImageRewardModel:
            {
                var data = await LoadPairsAsync(run, policy.Config.ImageSize, ct);
                using var classifier = AdherenceCheckpoint.Load(BaseCheckpoints.ShippedFolder(BaseCheckpoints.SceneAdherenceName));
                using var rewardModel = ImageRewardModel.FromPretrained(classifier, policy);
                var options = TrainingHyperparameters.Parse<ImageRewardOptions>(run.HyperparametersJson);
                report = new ImageRewardTrainer(options).Run(rewardModel, data.Train, data.HeldOut, runDirectory, reporter, ct);
                ImageRewardCheckpoint.Save(outputFolder, rewardModel, RunOutcome.Metadata(run));
                break;
            }

            case TrainingRunKind.DiffusionDpo:
            {
                var data = await LoadPairsAsync(run, policy.Config.ImageSize, ct);
                using var reference = ImageCheckpoint.Load(store.FolderOf(baseCheckpoint.Path));
                var options = TrainingHyperparameters.Parse<DiffusionDpoOptions>(run.HyperparametersJson);
                report = new DiffusionDpoTrainer(options).Run(policy, reference, data.Train, data.HeldOut, runDirectory, reporter, ct);
                startingLoss = options.LossBeforeTraining;
                ImageCheckpoint.Save(outputFolder, policy, RunOutcome.Metadata(run));
                break;
            }

            case TrainingRunKind.DiffusionRl:
            {
                var rewardCheckpoint = run.RewardCheckpoint ?? throw new InvalidOperationException($"Run {run.Id} has no image reward model to learn from.");
                using var rewardModel = ImageRewardCheckpoint.Load(store.FolderOf(rewardCheckpoint.Path));
                var (captions, heldOut) = await CaptionsAsync(run.ProjectId, ct);
                await log.WriteAsync(run.Id, $"DDPO on {captions.Count} training captions, rewarded by {rewardCheckpoint.Name}.", ct);
                var options = TrainingHyperparameters.Parse<DdpoOptions>(run.HyperparametersJson);
                report = new DdpoTrainer(options).Run(policy, rewardModel, captions, heldOut, runDirectory, reporter, ct);
                ImageCheckpoint.Save(outputFolder, policy, RunOutcome.Metadata(run));
                break;
            }

            default:
                throw new InvalidOperationException($"{run.Kind} runs are not available for image projects.");
        }

        return await RunOutcome.LogAsync(log, run.Id, report, startingLoss, ct);
    }

    private async Task<ImagePreferenceData> LoadPairsAsync(TrainingRun run, int imageSize, CancellationToken ct)
    {
        var snapshotId = run.SnapshotId ?? throw new InvalidOperationException($"Run {run.Id} has no snapshot to learn from.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var data = await ImagePreferenceData.LoadAsync(db, media, snapshotId, imageSize, ct);
        if (data.Train.Count == 0 || data.HeldOut.Count == 0)
        {
            throw new InvalidOperationException(
                $"Snapshot {snapshotId} gives {data.Train.Count} training and {data.HeldOut.Count} held-out image pairs; both are needed. Collect more votes or take a new snapshot.");
        }

        await log.WriteAsync(run.Id, $"Learning from {data.Train.Count} image pairs, evaluating on {data.HeldOut.Count} held-out pairs ({data.Skipped} ties, both-bad or imageless pairs left out).", ct);
        return data;
    }

    private async Task<(List<string> Train, List<string> HeldOut)> CaptionsAsync(long projectId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prompts = await db.Prompts.AsNoTracking()
            .Where(p => p.ProjectId == projectId)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Text, p.IsHeldOut })
            .ToListAsync(ct);
        var train = prompts.Where(p => !p.IsHeldOut).Select(p => p.Text).ToList();
        var heldOut = prompts.Where(p => p.IsHeldOut).Select(p => p.Text).ToList();
        if (train.Count == 0 || heldOut.Count == 0)
        {
            throw new InvalidOperationException("DDPO needs training captions and held-out captions; mark some of the project's captions as held out.");
        }

        return (train, heldOut);
    }
}
