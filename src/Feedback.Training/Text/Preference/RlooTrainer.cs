using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// Trains a policy against a reward model with RLOO: each step draws k samples for each of its prompts (seeded, with
/// the key/value cache), scores them with the reward model, subtracts KlCoefficient times the sequence KL estimate
/// (sum log pi - sum log ref) to a frozen copy of the policy as passed in, and takes a REINFORCE step on the sequence
/// log-probs with each sample's advantage over the mean of its k - 1 siblings. Reports reward (mean reward-model
/// score), kl (mean sequence KL), entropy (mean per token), length (mean new tokens) and loss; the final metrics are
/// the last step's. The run stops early, after saving, once the mean KL passes the budget.
/// </summary>
public sealed class RlooTrainer(RlooOptions options)
{
    private const string ModelName = "model";

    /// <summary>Test hook: the steps whose loss is made NaN.</summary>
    internal Func<int, bool>? CorruptLossAt { get; set; }

    public PreferenceTrainingReport Run(
        LlamaModel policy,
        RewardModel reward,
        IReadOnlyList<IReadOnlyList<int>> prompts,
        int eosId,
        int padId,
        string runDirectory,
        IProgress<TrainingStepMetrics>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reward);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(runDirectory);
        options.Validate();
        if (prompts.Count == 0 || prompts.Any(prompt => prompt.Count == 0))
        {
            throw new ArgumentException("RLOO needs prompts, each of at least one token.", nameof(prompts));
        }

        var longest = prompts.Max(prompt => prompt.Count);
        if (longest >= policy.Config.MaxPositionEmbeddings)
        {
            throw new ArgumentException(
                $"A prompt of {longest} tokens leaves no room to answer in the model's {policy.Config.MaxPositionEmbeddings} positions.", nameof(prompts));
        }

        using var reference = FrozenCopy(policy);
        var rewardWasTraining = reward.training;
        reward.eval();
        try
        {
            var settings = new GuardedLoopSettings(
                options.Steps, options.LearningRate, options.WarmupSteps, 0.0, options.ClipNorm, options.SaveEvery, options.MaxNonFiniteInARow);
            var loop = new GuardedTrainingLoop(settings, runDirectory) { CorruptLossAt = CorruptLossAt };
            return loop.Run(
                new Dictionary<string, nn.Module> { [ModelName] = policy },
                policy.parameters().ToList(),
                step => Step(policy, reference, reward, prompts, eosId, padId, step),
                evaluate: null,
                values => values.TryGetValue("kl", out var kl) && kl > options.KlBudget
                    ? string.Create(CultureInfo.InvariantCulture, $"The mean KL to the reference, {kl:F3} nats, passed the budget of {options.KlBudget} nats.")
                    : null,
                progress,
                ct);
        }
        finally
        {
            reward.train(rewardWasTraining);
        }
    }

    private StepLoss Step(
        LlamaModel policy, LlamaModel reference, RewardModel reward, IReadOnlyList<IReadOnlyList<int>> prompts, int eosId, int padId, int step)
    {
        var k = options.SamplesPerPrompt;
        var chosenPrompts = SeededBatches.Indices(options.Seed, step, prompts.Count, options.PromptsPerStep);
        var rows = chosenPrompts.SelectMany(index => Enumerable.Repeat(prompts[index], k)).ToList();
        using var generator = new Generator(unchecked((ulong)(((long)options.Seed * 1_000_003) + step)), policy.Device);
        var completions = PolicySampler.Sample(policy, rows, options.MaxNewTokens, options.Temperature, eosId, padId, generator);

        // An empty completion (the positions ran out) still needs one token to score; EOS stands in.
        var batch = PromptAnswerBatch.Create(
            rows.Select((prompt, i) => (prompt, (IReadOnlyList<int>)(completions[i].Length > 0 ? completions[i] : [eosId]))).ToList(),
            padId,
            policy.Device);
        policy.train();
        var logits = policy.Forward(batch.InputIds, batch.AttentionMask);
        var tokenLogProbs = SequenceLogProbs.TokenLogProbs(logits, batch, options.Temperature);
        var logProbs = (tokenLogProbs * batch.AnswerMask).sum(1);

        Tensor advantages, scores, kl, entropy;
        using (var noGrad = no_grad())
        {
            var referenceLogProbs = SequenceLogProbs.Sum(reference.Forward(batch.InputIds, batch.AttentionMask), batch, options.Temperature);
            scores = reward.Score(batch.InputIds, batch.AttentionMask);
            kl = logProbs.detach() - referenceLogProbs;
            var rewards = (scores - (kl * options.KlCoefficient)).view(-1, k);
            var baseline = (rewards.sum(1, keepdim: true) - rewards) / (k - 1);
            advantages = (rewards - baseline).view(-1);
            entropy = TokenEntropy(logits.detach(), batch);
        }

        var loss = -(advantages * logProbs).mean();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["reward"] = scores.mean().item<float>(),
            ["kl"] = kl.mean().item<float>(),
            ["entropy"] = entropy.item<float>(),
            ["length"] = batch.AnswerLengths.mean().item<float>(),
        };
        return new StepLoss(loss, metrics);
    }

    /// <summary>The mean entropy (nats) of the policy's next-token distribution over the sampled tokens' positions.</summary>
    private Tensor TokenEntropy(Tensor logits, PromptAnswerBatch batch)
    {
        var length = batch.InputIds.shape[1];
        var logProbs = nn.functional.log_softmax(logits.narrow(1, 0, length - 1) / options.Temperature, -1);
        var perToken = -(logProbs.exp() * logProbs).sum(-1);
        return (perToken * batch.AnswerMask).sum() / batch.AnswerMask.sum().clamp_min(1);
    }

    private static LlamaModel FrozenCopy(LlamaModel policy)
    {
        // The copy's own random initialization is overwritten at once; a private generator leaves the global one alone.
        using var generator = new Generator(0);
        var copy = new LlamaModel(policy.Config, generator);
        try
        {
            copy.to(policy.Device);
            copy.LoadWeights(policy.ExportWeights());
            foreach (var parameter in copy.parameters())
            {
                parameter.requires_grad = false;
            }

            copy.eval();
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }
}
