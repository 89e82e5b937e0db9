using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.Training.Onnx;

/// <summary>
/// The decoder's parameters by their Hugging Face names, checked against the config's shapes and added to the graph
/// as fp32 initializers under those same names, each once however often it is used.
/// </summary>
internal sealed class LlamaOnnxWeights
{
    private readonly LlamaConfig _config;
    private readonly IReadOnlyDictionary<string, (float[] Data, long[] Shape)> _weights;
    private readonly OnnxGraph _graph;
    private readonly HashSet<string> _added = [];

    public LlamaOnnxWeights(LlamaConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights, OnnxGraph graph)
    {
        _config = config;
        _weights = weights;
        _graph = graph;
    }

    public string EmbedTokens => Require("model.embed_tokens.weight", _config.VocabSize, _config.HiddenSize);

    public string FinalNorm => Require("model.norm.weight", _config.HiddenSize);

    /// <summary>The output projection [vocab, hidden]; the embedding itself where the two are tied.</summary>
    public string LmHead => _config.TieWordEmbeddings
        ? EmbedTokens
        : Require("lm_head.weight", _config.VocabSize, _config.HiddenSize);

    public string InputNorm(int layer) => Require($"{Layer(layer)}.input_layernorm.weight", _config.HiddenSize);

    public string PostAttentionNorm(int layer) => Require($"{Layer(layer)}.post_attention_layernorm.weight", _config.HiddenSize);

    public string QueryProjection(int layer) =>
        Require($"{Layer(layer)}.self_attn.q_proj.weight", _config.NumAttentionHeads * _config.HeadDim, _config.HiddenSize);

    public string KeyProjection(int layer) =>
        Require($"{Layer(layer)}.self_attn.k_proj.weight", _config.NumKeyValueHeads * _config.HeadDim, _config.HiddenSize);

    public string ValueProjection(int layer) =>
        Require($"{Layer(layer)}.self_attn.v_proj.weight", _config.NumKeyValueHeads * _config.HeadDim, _config.HiddenSize);

    public string OutputProjection(int layer) =>
        Require($"{Layer(layer)}.self_attn.o_proj.weight", _config.HiddenSize, _config.NumAttentionHeads * _config.HeadDim);

    public string GateProjection(int layer) => Require($"{Layer(layer)}.mlp.gate_proj.weight", _config.IntermediateSize, _config.HiddenSize);

    public string UpProjection(int layer) => Require($"{Layer(layer)}.mlp.up_proj.weight", _config.IntermediateSize, _config.HiddenSize);

    public string DownProjection(int layer) => Require($"{Layer(layer)}.mlp.down_proj.weight", _config.HiddenSize, _config.IntermediateSize);

    /// <summary>Copies tensors (any device or floating type) into fp32 arrays with their shapes, keyed as given.</summary>
    public static Dictionary<string, (float[] Data, long[] Shape)> FromTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var arrays = new Dictionary<string, (float[] Data, long[] Shape)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            using var scope = NewDisposeScope();
            var values = tensor.detach().to(ScalarType.Float32, CPU).contiguous();
            arrays.Add(name, (values.data<float>().ToArray(), tensor.shape));
        }

        return arrays;
    }

    private static string Layer(int layer) => $"model.layers.{layer}";

    private string Require(string name, params long[] shape)
    {
        if (_added.Contains(name))
        {
            return name;
        }

        if (!_weights.TryGetValue(name, out var weight))
        {
            throw new InvalidDataException($"The weights have no '{name}' [{string.Join(", ", shape)}].");
        }

        if (!weight.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"'{name}' has shape [{string.Join(", ", weight.Shape)}]; the config needs [{string.Join(", ", shape)}].");
        }

        _graph.AddInitializer(OnnxTensor.FromFloats(name, shape, weight.Data));
        _added.Add(name);
        return name;
    }
}
