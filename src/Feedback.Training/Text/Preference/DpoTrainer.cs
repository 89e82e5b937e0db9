using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// Trains a policy directly on preference pairs (DPO, IPO or robust DPO). The reference is the policy as passed in:
/// its log-probs of every training and held-out pair are computed once, before training and before a resume point is
/// loaded. Reports loss, rewards/chosen and rewards/rejected (beta times the log-ratio to the reference),
/// rewards/margins, rewards/accuracies, kl (mean log-ratio over the batch's answers), length/chosen, length/rejected,
/// and their held-out "eval/" versions on evaluation steps. With a LoRA rank only adapters train; when the run ends they
/// are merged into the policy's weights (a run that throws leaves the policy as it was passed in).
/// </summary>
public sealed class DpoTrainer(DpoOptions options)
{
    private const string ModelName = "model";
    private const string AdaptersName = "adapters";

    /// <summary>Test hook: the steps whose loss is made NaN.</summary>
    internal Func<int, bool>? CorruptLossAt { get; set; }

    public PreferenceTrainingReport Run(
        LlamaModel policy,
        IReadOnlyList<PreferencePair> train,
        IReadOnlyList<PreferencePair> heldOut,
        int padId,
        string runDirectory,
        IProgress<TrainingStepMetrics>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(runDirectory);
        options.Validate();
        PreferencePairChecks.Require(train, policy.Config, "training");
        PreferencePairChecks.Require(heldOut, policy.Config, "held-out");

        var evaluationPairs = heldOut.Take(options.EvalBatches * options.BatchSize).ToList();
        var reference = ReferenceLogProbs.Compute(policy, train, padId, options.BatchSize);
        var heldOutReference = ReferenceLogProbs.Compute(policy, evaluationPairs, padId, options.BatchSize);
        ct.ThrowIfCancellationRequested();

        var modules = new Dictionary<string, nn.Module> { [ModelName] = policy };
        using var adapters = options.LoraRank > 0 ? LoraAdapters.Attach(policy, options.LoraRank, options.LoraAlpha, options.Seed) : null;
        var policyParameters = policy.parameters().ToList();
        var policyTrainable = policyParameters.Select(parameter => parameter.requires_grad).ToList();
        IReadOnlyList<Parameter> trainable = policyParameters;
        if (adapters is not null)
        {
            modules[AdaptersName] = adapters;
            policyParameters.ForEach(parameter => parameter.requires_grad = false);
            trainable = adapters.parameters().ToList();
        }

        try
        {
            var settings = new GuardedLoopSettings(
                options.Steps, options.LearningRate, options.WarmupSteps, 0.0, options.ClipNorm, options.SaveEvery, options.MaxNonFiniteInARow);
            var loop = new GuardedTrainingLoop(settings, runDirectory) { CorruptLossAt = CorruptLossAt };
            var report = loop.Run(
                modules,
                trainable,
                step =>
                {
                    policy.train();
                    var indices = SeededBatches.Indices(options.Seed, step, train.Count, options.BatchSize);
                    return Objective(policy, PreferenceBatch.Create(indices.Select(i => train[i]).ToList(), padId, policy.Device), reference, indices);
                },
                () => Evaluate(policy, evaluationPairs, heldOutReference, padId),
                stopEarly: null,
                progress,
                ct);
            adapters?.Merge();
            return report;
        }
        finally
        {
            for (var i = 0; i < policyParameters.Count; i++)
            {
                policyParameters[i].requires_grad = policyTrainable[i];
            }
        }
    }

    private Dictionary<string, double> Evaluate(LlamaModel policy, List<PreferencePair> pairs, ReferenceLogProbs reference, int padId)
    {
        policy.eval();
        using var noGrad = no_grad();
        var means = new MetricMeans();
        for (var start = 0; start < pairs.Count; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(start, Math.Min(options.BatchSize, pairs.Count - start)).ToList();
            var (loss, metrics) = Objective(policy, PreferenceBatch.Create(indices.Select(i => pairs[i]).ToList(), padId, policy.Device), reference, indices);
            means.Add(new Dictionary<string, double>(metrics, StringComparer.Ordinal) { ["loss"] = loss.item<float>() }, indices.Count);
        }

        return means.Means("eval/");
    }

    private StepLoss Objective(LlamaModel policy, PreferenceBatch batch, ReferenceLogProbs reference, IReadOnlyList<int> indices)
    {
        var sequences = batch.Sequences;
        var logProbs = SequenceLogProbs.Sum(policy.Forward(sequences.InputIds, sequences.AttentionMask), sequences);
        var (referenceChosen, referenceRejected) = reference.For(indices, policy.Device);
        var policyChosen = batch.Chosen(logProbs);
        var policyRejected = batch.Rejected(logProbs);
        var loss = PreferenceLosses.Of(
            options, policyChosen, policyRejected, referenceChosen, referenceRejected,
            batch.Chosen(sequences.AnswerLengths), batch.Rejected(sequences.AnswerLengths)).mean();

        using var noGrad = no_grad();
        var chosenRatio = policyChosen - referenceChosen;
        var rejectedRatio = policyRejected - referenceRejected;
        var chosenRewards = chosenRatio * options.Beta;
        var rejectedRewards = rejectedRatio * options.Beta;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["rewards/chosen"] = chosenRewards.mean().item<float>(),
            ["rewards/rejected"] = rejectedRewards.mean().item<float>(),
            ["rewards/margins"] = (chosenRewards - rejectedRewards).mean().item<float>(),
            ["rewards/accuracies"] = chosenRewards.gt(rejectedRewards).to_type(ScalarType.Float32).mean().item<float>(),
            ["kl"] = cat([chosenRatio, rejectedRatio]).mean().item<float>(),
            ["length/chosen"] = batch.Chosen(sequences.AnswerLengths).mean().item<float>(),
            ["length/rejected"] = batch.Rejected(sequences.AnswerLengths).mean().item<float>(),
        };
        return new StepLoss(loss, metrics);
    }
}
