using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Jobs.Generation;
using Feedback.Training.Datasets.Text;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Rounds of the whole loop on a project of corpus prompts: generate comparisons with the serving policy, let simulated
/// raters vote, snapshot, train a reward model, train the policy (DPO or RLOO) and gate it, then judge the round's
/// policy against the base model with the noise-free oracle.
/// </summary>
public sealed class LoopBench(
    TextCandidateGenerator generator,
    SimulatedRaters raters,
    LoopRounds rounds,
    OracleEvaluation oracle,
    RewardModelBreakdown rewardBreakdown)
{
    public async Task<IReadOnlyList<LoopRoundResult>> RunAsync(LoopBenchOptions options, Action<string> say, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(say);
        var raterIds = await raters.EnsureRatersAsync(options.Raters, ct);
        var (projectId, truth) = await CreateProjectAsync(options, raterIds[0], ct);
        var text = new LoopModality(
            Modality.Text,
            TrainingRunKind.RewardModel,
            new CorpusOracle(truth),
            (batchId, token) => generator.RunAsync(batchId, token),
            (_, policy, baseModel, token) => oracle.CompareAsync(projectId, policy, baseModel, truth, options.EvaluationAnswers, token),
            (snapshot, rewardModel, token) => rewardBreakdown.MeasureAsync(snapshot, rewardModel, truth, token));
        return await rounds.RunAsync(projectId, raterIds, options, text, say, ct);
    }

    private async Task<(long ProjectId, CorpusTruth Truth)> CreateProjectAsync(LoopBenchOptions options, string ownerId, CancellationToken ct)
    {
        var examples = InstructionCorpus.Generate((options.TrainingPrompts + options.HeldOutPrompts) * 2, options.Seed + 20_261_123)
            .DistinctBy(e => (e.Prompt, string.Join("\n", e.EarlierTurns.Select(t => t.Text))))
            .Take(options.TrainingPrompts + options.HeldOutPrompts)
            .ToList();
        var truth = new CorpusTruth(examples);
        var prompts = examples.Select((e, i) => new NewPrompt(
            e.Prompt, e.EarlierTurns.Select(t => new DialogueTurn(t.Role, t.Text)).ToList(), IsHeldOut: i >= options.TrainingPrompts)).ToList();
        var id = await rounds.CreateProjectAsync("Loop bench", Modality.Text, prompts, "corpus", ownerId, ct);
        return (id, truth);
    }
}
