using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Generation;
using Feedback.Sampling.Text;
using Feedback.Training.Checkpoints;
using Feedback.Training.Text.Evaluation;
using Feedback.Training.Text.Preference;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Training;

/// <summary>
/// Evaluates a new text policy against the one serving its project: both answer the same held-out prompts with the
/// same seeds and the project's sampling settings; the reward model judges each pair; KL is measured on the new
/// policy's answers (log-probability under it minus under the serving one); and the mean lengths are compared.
/// </summary>
public sealed class PolicyGate(IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store, TextSessionCache sessions)
{
    private const int Seed = 20_261_123;

    /// <returns>Null when the project has no held-out prompt that leaves room for an answer.</returns>
    public async Task<GateReport?> EvaluateAsync(Checkpoint candidate, Checkpoint serving, Checkpoint rewardModel, int answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(serving);
        ArgumentNullException.ThrowIfNull(rewardModel);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projectId = candidate.ProjectId ?? throw new InvalidOperationException($"{candidate.Name} belongs to no project.");
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, ct);
        var prompts = await HeldOutAnswering.PromptsAsync(db, projectId, ct);
        using var newModel = ServedTextModel.Open(candidate, store, sessions);
        try
        {
            return Evaluate(candidate, newModel, serving, rewardModel, prompts, answers, HeldOutAnswering.Settings(project.Sampling), ct);
        }
        finally
        {
            // The candidate's session is not kept open; if it is promoted, the next batch opens it again.
            sessions.Evict(candidate.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private GateReport? Evaluate(
        Checkpoint candidate, ServedTextModel newModel, Checkpoint serving, Checkpoint rewardModel, List<PromptToAnswer> prompts, int answers, GenerationSettings settings, CancellationToken ct)
    {
        var usable = prompts
            .Select(p => newModel.EncodePrompt(p.Text, p.EarlierTurns))
            .Where(tokens => tokens.Count <= newModel.ContextLength / 2)
            .ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var encoded = Enumerable.Range(0, Math.Max(1, answers)).Select(i => usable[i % usable.Count]).ToList();
        using var servingModel = ServedTextModel.Open(serving, store, sessions);
        var newAnswers = Answer(newModel, encoded, settings, ct);
        var servingAnswers = Answer(servingModel, encoded, settings, ct);

        using var judge = RewardCheckpoint.Load(store.FolderOf(rewardModel.Path));
        var padId = newModel.Tokenizer.PadId;
        var newScores = judge.Model.Score(encoded, newAnswers, padId);
        var servingScores = judge.Model.Score(encoded, servingAnswers, padId);
        var (wins, losses, ties) = PairedScores.Tally(newScores, servingScores, tieWithin: 1e-6);

        using var newPolicy = TextCheckpoint.Load(store.FolderOf(candidate.Path));
        using var servingPolicy = TextCheckpoint.Load(store.FolderOf(serving.Path));
        var underNew = AnswerLogProbs.Sum(newPolicy.Model, encoded, newAnswers, padId);
        var underServing = AnswerLogProbs.Sum(servingPolicy.Model, encoded, newAnswers, padId);
        var kl = underNew.Zip(underServing, (a, b) => a - b).Average();

        return new GateReport(
            encoded.Count, wins, losses, ties, kl,
            CandidateMeanLength: newAnswers.Average(a => (double)a.Count),
            ServingMeanLength: servingAnswers.Average(a => (double)a.Count));
    }

    private static List<IReadOnlyList<int>> Answer(ServedTextModel model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings settings, CancellationToken ct) =>
        HeldOutAnswering.Answer(model, prompts, settings, Seed, ct)
            .Select(sequence => (IReadOnlyList<int>)EndAtEos(sequence.TokenIds, model.Tokenizer.EosId))
            .ToList();

    private static List<int> EndAtEos(IReadOnlyList<int> tokens, int eosId)
    {
        var end = tokens.ToList().IndexOf(eosId);
        return end < 0 ? [.. tokens] : [.. tokens.Take(end + 1)];
    }
}
