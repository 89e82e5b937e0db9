using Feedback.Core.Rating;
using Feedback.Training.Datasets.Text;

namespace Feedback.Jobs.Simulation;

/// <summary>Judges text answers by the corpus's rules (correct, polite, concise, on topic); prompts the corpus does not know are not judged.</summary>
public sealed class CorpusOracle(CorpusTruth truth) : IRaterOracle
{
    public Task<IReadOnlyList<double>?> JudgeAsync(RatingItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var turns = item.EarlierTurns.Select(t => (t.Role, t.Text)).ToList();
        if (!truth.TryFind(item.Prompt, turns, out var example) || item.Candidates.Any(c => c.Text is null))
        {
            return Task.FromResult<IReadOnlyList<double>?>(null);
        }

        return Task.FromResult<IReadOnlyList<double>?>(item.Candidates.Select(c => (double)GeneratedAnswerJudge.Judge(example!, c.Text!).Score).ToList());
    }
}
