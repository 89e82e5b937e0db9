using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>
/// A decoder-only transformer in the Llama layout, computing what Hugging Face's LlamaForCausalLM computes in fp32, with
/// its parameter names (model.embed_tokens.weight, model.layers.{i}.self_attn.q_proj.weight, ..., lm_head.weight), so
/// that weights move between the two unchanged. Initialized as N(0, 0.02) for projections and embeddings and ones for
/// norms, drawn from <c>generator</c> when one is given and otherwise from the global generator (seed it with
/// torch.manual_seed before constructing for a reproducible model).
/// </summary>
public sealed class LlamaModel : nn.Module<Tensor, Tensor>
{
    private const double InitialStandardDeviation = 0.02;

    [ComponentName(Name = "model")]
    private readonly LlamaDecoder _decoder;

    /// <summary>Null when the output projection is the embedding itself (tie_word_embeddings).</summary>
    [ComponentName(Name = "lm_head")]
    private readonly Linear? _lmHead;

    public LlamaModel(LlamaConfig config, Generator? generator = null)
        : base(nameof(LlamaModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _decoder = new LlamaDecoder(config);
        _lmHead = config.TieWordEmbeddings ? null : nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
        Initialize(generator);
    }

    public LlamaConfig Config { get; }

    public Device Device => _decoder.EmbeddingWeight.device;

    public long ParameterCount => parameters().Sum(p => p.numel());

    public override Tensor forward(Tensor input) => Forward(input);

    /// <summary>Next-token logits [batch, seq, vocab] for every position of <paramref name="inputIds"/>.</summary>
    /// <param name="inputIds">[batch, seq] int64 token ids; with a cache, only the tokens not yet seen.</param>
    /// <param name="attentionMask">[batch, past + seq], 1 for a real token and 0 for padding (left padding is what batched
    /// generation uses); null when nothing is padded.</param>
    /// <param name="positionIds">[batch, seq]; derived from the mask (or the cache length) when null.</param>
    /// <param name="cache">Keys and values of earlier positions; this call appends its own.</param>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null, Tensor? positionIds = null, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        var hidden = _decoder.Forward(inputIds, attentionMask, positionIds, cache);
        var logits = _lmHead?.forward(hidden) ?? nn.functional.linear(hidden, _decoder.EmbeddingWeight);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>The final-normed hidden states [batch, seq, hidden] that the output projection reads, for heads of other kinds.</summary>
    public Tensor ForwardHiddenStates(Tensor inputIds, Tensor? attentionMask = null, Tensor? positionIds = null, KvCache? cache = null) =>
        _decoder.Forward(inputIds, attentionMask, positionIds, cache);

    public KvCache CreateCache() => new(Config.NumHiddenLayers);

    /// <summary>Every parameter by its Hugging Face name (lm_head.weight absent when tied), detached and sharing storage.</summary>
    public IReadOnlyDictionary<string, Tensor> ExportWeights() =>
        named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter.detach(), StringComparer.Ordinal);

    /// <summary>
    /// Copies weights by Hugging Face name into this model, converting to its type and device. Every parameter must be
    /// there with its exact shape; names the model does not have are refused, except those that carry nothing a Llama
    /// needs (a tied checkpoint's lm_head.weight, older rotary inv_freq buffers).
    /// </summary>
    public void LoadWeights(IReadOnlyDictionary<string, Tensor> weights) => NamedWeights.Load(this, weights, IsIgnorable);

    private bool IsIgnorable(string name) =>
        name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal)
        || (Config.TieWordEmbeddings && name == "lm_head.weight");

    private void Initialize(Generator? generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (!name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                // Tensor.normal_ rather than nn.init.normal_, which ignores its generator argument in TorchSharp 0.107.
                parameter.normal_(0.0, InitialStandardDeviation, generator);
            }
        }
    }
}
