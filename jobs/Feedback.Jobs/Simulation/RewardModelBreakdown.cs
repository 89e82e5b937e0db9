using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Feedback.Jobs.Training;
using Feedback.Training.Datasets.Text;
using Feedback.Training.Text.Preference;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>A text reward model's held-out verdicts grouped by the prompt's corpus family and by the quality axis that decides each pair.</summary>
public sealed record RewardBreakdown(IReadOnlyList<GroupAccuracy> ByFamily, IReadOnlyList<GroupAccuracy> ByAxis);

/// <summary>
/// Where a text reward model errs: its verdicts on a snapshot's held-out pairs (the pairs its held-out accuracy counts)
/// against the raters' votes and against the noise-free oracle, by prompt family and by <see cref="DecidingAxis"/>.
/// </summary>
public sealed class RewardModelBreakdown(IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store)
{
    public async Task<RewardBreakdown> MeasureAsync(long snapshotId, Checkpoint rewardModel, CorpusTruth truth, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rewardModel);
        ArgumentNullException.ThrowIfNull(truth);
        var pairs = (await SnapshotPairs.LoadAsync(dbFactory, snapshotId, ct))
            .Where(p => p.Split == SnapshotSplit.HeldOut && PreferenceData.IsDecisiveText(p))
            .ToList();

        using var judge = RewardCheckpoint.Load(store.FolderOf(rewardModel.Path));
        var tokenizer = judge.Tokenizer;
        var rows = pairs
            .Select(p => (Pair: p,
                Prompt: PreferenceData.EncodePrompt(tokenizer, p.PromptText, p.EarlierTurns),
                Chosen: PreferenceData.EncodeAnswer(tokenizer, p.ChosenText!),
                Rejected: PreferenceData.EncodeAnswer(tokenizer, p.RejectedText!)))
            .Where(r => PreferenceData.Fits(r.Prompt, r.Chosen, r.Rejected, judge.Model.Config.MaxPositionEmbeddings))
            .ToList();
        var prompts = rows.Select(r => r.Prompt).ToList();
        var chosen = judge.Model.Score(prompts, rows.Select(r => r.Chosen).ToList(), tokenizer.PadId);
        var rejected = judge.Model.Score(prompts, rows.Select(r => r.Rejected).ToList(), tokenizer.PadId);

        var byFamily = new List<(string, bool, bool?)>();
        var byAxis = new List<(string, bool, bool?)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var pair = rows[i].Pair;
            if (!truth.TryFind(pair.PromptText, pair.EarlierTurns.Select(t => (t.Role, t.Text)).ToList(), out var example))
            {
                continue;
            }

            var modelPrefersChosen = chosen[i] > rejected[i];
            var chosenQuality = GeneratedAnswerJudge.Judge(example!, pair.ChosenText!);
            var rejectedQuality = GeneratedAnswerJudge.Judge(example!, pair.RejectedText!);
            var oracle = chosenQuality.Score.CompareTo(rejectedQuality.Score);
            bool? agreesWithOracle = oracle == 0 ? null : modelPrefersChosen == oracle > 0;
            byFamily.Add((example!.Family, modelPrefersChosen, agreesWithOracle));
            byAxis.Add((DecidingAxis.Of(chosenQuality, rejectedQuality), modelPrefersChosen, agreesWithOracle));
        }

        return new RewardBreakdown(GroupAccuracy.Tally(byFamily), GroupAccuracy.Tally(byAxis));
    }
}
