using System.Text.Json;
using TorchSharp.Modules;
using TorchSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// A scalar reward for a prompt and answer, laid out as Hugging Face's LlamaForSequenceClassification with one label:
/// the Llama trunk (model.*, the names a policy's trunk has) and a bias-free head "score". The head reads the mean of
/// the final hidden states over the real tokens (<see cref="RewardPooling.Mean"/>, what new models use), or, for a
/// config without <see cref="PoolingKey"/>, Hugging Face's reading: the state at each row's last real token.
/// </summary>
/// <remarks>
/// The mean makes a phrase anywhere in the answer (a rude opener, a rambling aside) count directly in the reward;
/// read at the last token alone, such phrases reached the head only faintly, and held-out accuracy on simulated
/// votes was about 12 points lower.
/// </remarks>
public sealed class RewardModel : nn.Module<Tensor, Tensor>
{
    public const string Architecture = "LlamaForSequenceClassification";

    private const double InitialStandardDeviation = 0.02;
    private const string TrunkPrefix = "model.";

    /// <summary>The config.json key naming the pooling: "mean" or "last".</summary>
    public const string PoolingKey = "reward_pooling";

    [ComponentName(Name = "model")]
    private readonly LlamaDecoder _decoder;

    [ComponentName(Name = "score")]
    private readonly Linear _score;

    /// <summary>
    /// A randomly initialized reward model of the given shape, drawn from <paramref name="generator"/> when given; it pools
    /// as <paramref name="config"/> says (<see cref="PoolingKey"/>), by the last token when the config does not say.
    /// </summary>
    public RewardModel(LlamaConfig config, Generator? generator = null)
        : base(nameof(RewardModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Pooling = PoolingOf(config);
        Config = AsSequenceClassifier(config, Pooling);
        _decoder = new LlamaDecoder(Config);
        _score = nn.Linear(Config.HiddenSize, 1, hasBias: false);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (!name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                parameter.normal_(0.0, InitialStandardDeviation, generator);
            }
        }
    }

    /// <summary>The config, marked as a one-label sequence classifier (architectures, num_labels).</summary>
    public LlamaConfig Config { get; }

    public RewardPooling Pooling { get; }

    public Device Device => _decoder.EmbeddingWeight.device;

    /// <summary>A mean-pooling reward model whose trunk is a copy of <paramref name="policy"/>'s, on its device, with a small head seeded by 1.</summary>
    public static RewardModel FromPolicy(LlamaModel policy) => FromPolicy(policy, seed: 1);

    /// <summary>A reward model whose trunk is a copy of <paramref name="policy"/>'s, on its device, with a small head drawn from <paramref name="seed"/>.</summary>
    public static RewardModel FromPolicy(LlamaModel policy, int seed, RewardPooling pooling = RewardPooling.Mean)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var generator = new Generator((ulong)seed);
        var model = new RewardModel(AsSequenceClassifier(policy.Config, pooling), generator);
        try
        {
            model.to(policy.Device);
            var weights = policy.ExportWeights()
                .Where(pair => pair.Key.StartsWith(TrunkPrefix, StringComparison.Ordinal))
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            weights["score.weight"] = model._score.weight!;
            model.LoadWeights(weights);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The rewards of whole unpadded sequences [batch, seq].</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        return Score(input, ones_like(input, ScalarType.Int64)).MoveToOuterDisposeScope();
    }

    /// <summary>[batch] rewards of right-padded sequences: the head applied to the pooled final hidden states.</summary>
    /// <param name="inputIds">[batch, seq] token ids.</param>
    /// <param name="attentionMask">[batch, seq], 1 for real tokens, which come first in each row.</param>
    public Tensor Score(Tensor inputIds, Tensor attentionMask)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        using var scope = NewDisposeScope();
        var mask = attentionMask.to(Device).to_type(ScalarType.Int64);
        var hidden = _decoder.Forward(inputIds, mask, null, null);
        Tensor pooled;
        if (Pooling == RewardPooling.Mean)
        {
            var weights = mask.to_type(hidden.dtype).unsqueeze(-1);
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp_min(1);
        }
        else
        {
            var last = (mask.sum(1) - 1).clamp_min(0);
            pooled = hidden.gather(1, last.view(-1, 1, 1).expand(-1, 1, hidden.shape[2])).squeeze(1);
        }

        return _score.forward(pooled).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <summary>The rewards of each prompt and answer (token ids), in batches, in eval mode and without gradients.</summary>
    public IReadOnlyList<double> Score(
        IReadOnlyList<IReadOnlyList<int>> prompts, IReadOnlyList<IReadOnlyList<int>> answers, int padId, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (prompts.Count != answers.Count)
        {
            throw new ArgumentException($"There are {prompts.Count} prompts but {answers.Count} answers.", nameof(answers));
        }

        var wasTraining = training;
        eval();
        using var noGrad = no_grad();
        var scores = new double[prompts.Count];
        for (var start = 0; start < prompts.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, prompts.Count - start);
            var rows = Enumerable.Range(start, count).Select(i => (prompts[i], answers[i])).ToList();
            using var batch = PromptAnswerBatch.Create(rows, padId, Device);
            var values = Score(batch.InputIds, batch.AttentionMask).cpu().data<float>().ToArray();
            for (var i = 0; i < count; i++)
            {
                scores[start + i] = values[i];
            }
        }

        train(wasTraining);
        return scores;
    }

    /// <summary>Every parameter by its Hugging Face name (model.* and score.weight), detached and sharing storage.</summary>
    public IReadOnlyDictionary<string, Tensor> ExportWeights() =>
        named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter.detach(), StringComparer.Ordinal);

    /// <summary>Copies weights by Hugging Face name into this model; every parameter must be there with its shape.</summary>
    public void LoadWeights(IReadOnlyDictionary<string, Tensor> weights) =>
        NamedWeights.Load(this, weights, name => name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal));

    private static RewardPooling PoolingOf(LlamaConfig config)
    {
        if (config.Other?.TryGetValue(PoolingKey, out var value) != true)
        {
            return RewardPooling.LastToken;
        }

        return value.ToString() switch
        {
            "mean" => RewardPooling.Mean,
            "last" => RewardPooling.LastToken,
            var other => throw new ArgumentException($"The reward model's {PoolingKey} is \"{other}\"; expected \"mean\" or \"last\".", nameof(config)),
        };
    }

    private static LlamaConfig AsSequenceClassifier(LlamaConfig config, RewardPooling pooling)
    {
        var other = new Dictionary<string, JsonElement>(config.Other ?? [], StringComparer.Ordinal)
        {
            ["num_labels"] = JsonSerializer.SerializeToElement(1),
            [PoolingKey] = JsonSerializer.SerializeToElement(pooling == RewardPooling.Mean ? "mean" : "last"),
        };
        return config with { Architectures = [Architecture], Other = other };
    }
}
