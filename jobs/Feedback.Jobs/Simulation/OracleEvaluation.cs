using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Generation;
using Feedback.Sampling.Text;
using Feedback.Training.Datasets.Text;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Two text policies answer the project's held-out prompts with the same seeds and sampling settings, and the
/// noise-free oracle judges every pair of answers.
/// </summary>
public sealed class OracleEvaluation(IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store, TextSessionCache sessions)
{
    private const int Seed = 424_242;
    private const int ChunkSize = 32;

    public async Task<OracleComparison> CompareAsync(
        long projectId, Checkpoint policy, Checkpoint other, CorpusTruth truth, int answers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(truth);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, ct);
        var prompts = await HeldOutAnswering.PromptsAsync(db, projectId, ct);
        var known = prompts.Where(p => truth.TryFind(p.Text, p.EarlierTurns.Select(t => (t.Role, t.Text)).ToList(), out _)).ToList();
        if (known.Count == 0)
        {
            throw new InvalidOperationException("None of the project's held-out prompts is in the corpus the oracle knows.");
        }

        var settings = HeldOutAnswering.Settings(project.Sampling);
        using var first = ServedTextModel.Open(policy, store, sessions);
        try
        {
            return Compare(first, other, known, truth, answers, settings, ct);
        }
        finally
        {
            sessions.Evict(policy.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private OracleComparison Compare(
        ServedTextModel first, Checkpoint other, List<PromptToAnswer> known, CorpusTruth truth, int answers, GenerationSettings settings, CancellationToken ct)
    {
        using var second = ServedTextModel.Open(other, store, sessions);
        var (wins, losses, ties) = (0, 0, 0);
        var (score, otherScore, correct, otherCorrect) = (0.0, 0.0, 0, 0);
        for (var start = 0; start < answers; start += ChunkSize)
        {
            var asked = Enumerable.Range(start, Math.Min(ChunkSize, answers - start)).Select(i => known[i % known.Count]).ToList();
            var mine = Answer(first, asked, settings, Seed + start, ct);
            var theirs = Answer(second, asked, settings, Seed + start, ct);
            for (var i = 0; i < asked.Count; i++)
            {
                truth.TryFind(asked[i].Text, asked[i].EarlierTurns.Select(t => (t.Role, t.Text)).ToList(), out var example);
                var a = GeneratedAnswerJudge.Judge(example!, mine[i]);
                var b = GeneratedAnswerJudge.Judge(example!, theirs[i]);
                score += a.Score;
                otherScore += b.Score;
                correct += a.Correct ? 1 : 0;
                otherCorrect += b.Correct ? 1 : 0;
                switch (a.Score.CompareTo(b.Score))
                {
                    case > 0: wins++; break;
                    case < 0: losses++; break;
                    default: ties++; break;
                }
            }
        }

        return new OracleComparison(answers, wins, losses, ties, score / answers, otherScore / answers, (double)correct / answers, (double)otherCorrect / answers);
    }

    private static List<string> Answer(ServedTextModel model, IReadOnlyList<PromptToAnswer> prompts, GenerationSettings settings, int seed, CancellationToken ct)
    {
        var encoded = prompts.Select(p => model.EncodePrompt(p.Text, p.EarlierTurns)).ToList();
        return HeldOutAnswering.Answer(model, encoded, settings, seed, ct)
            .Select(sequence => model.Tokenizer.Decode(sequence.TokenIds).Replace("\0", "", StringComparison.Ordinal).Trim())
            .ToList();
    }
}
