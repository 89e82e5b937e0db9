using Feedback.Training.Onnx;
using Feedback.Training.Text;

namespace Feedback.UnitTests.Sampling.Text;

/// <summary>
/// A tiny Llama decoder (hidden 32, 2 layers, 4 heads over 2 key/value heads, vocabulary 50) with seeded random weights,
/// exported once to a temporary folder for the tests that share it.
/// </summary>
public sealed class TinyLlamaDecoderFile : IDisposable
{
    public const int VocabularySize = 50;
    public const int EosTokenId = 2;
    public const int PadTokenId = 0;

    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-text-").FullName;

    public TinyLlamaDecoderFile()
    {
        Path = Export("decoder.onnx", seed: 1234);
    }

    public static LlamaConfig Config { get; } = new()
    {
        VocabSize = VocabularySize,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeadsOrNull = 2,
        MaxPositionEmbeddings = 128,
        BosTokenId = 1,
        EosTokenId = EosTokenId,
        PadTokenId = PadTokenId,
    };

    /// <summary>The decoder every test shares.</summary>
    public string Path { get; }

    /// <summary>Exports another decoder of the same shape, with weights from <paramref name="seed"/>, next to the shared one.</summary>
    public string Export(string fileName, int seed)
    {
        var path = System.IO.Path.Combine(_directory, fileName);
        LlamaOnnxExporter.Export(Config, RandomWeights(seed), path);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Uniform weights scaled by 1/sqrt(fan-in) keep activations near unit size, so the logits differ enough for greedy
    // choices that do not hinge on rounding.
    private static Dictionary<string, (float[] Data, long[] Shape)> RandomWeights(int seed)
    {
        var random = new Random(seed);
        var config = Config;
        var hidden = config.HiddenSize;
        var queryWidth = config.NumAttentionHeads * config.HeadDim;
        var keyValueWidth = config.NumKeyValueHeads * config.HeadDim;
        var weights = new Dictionary<string, (float[] Data, long[] Shape)>
        {
            ["model.embed_tokens.weight"] = Uniform(random, 1f, 1f, config.VocabSize, hidden),
            ["model.norm.weight"] = Uniform(random, 0.2f, 1f, hidden),
            ["lm_head.weight"] = Linear(random, config.VocabSize, hidden),
        };

        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            var prefix = $"model.layers.{layer}.";
            weights[prefix + "input_layernorm.weight"] = Uniform(random, 0.2f, 1f, hidden);
            weights[prefix + "self_attn.q_proj.weight"] = Linear(random, queryWidth, hidden);
            weights[prefix + "self_attn.k_proj.weight"] = Linear(random, keyValueWidth, hidden);
            weights[prefix + "self_attn.v_proj.weight"] = Linear(random, keyValueWidth, hidden);
            weights[prefix + "self_attn.o_proj.weight"] = Linear(random, hidden, queryWidth);
            weights[prefix + "post_attention_layernorm.weight"] = Uniform(random, 0.2f, 1f, hidden);
            weights[prefix + "mlp.gate_proj.weight"] = Linear(random, config.IntermediateSize, hidden);
            weights[prefix + "mlp.up_proj.weight"] = Linear(random, config.IntermediateSize, hidden);
            weights[prefix + "mlp.down_proj.weight"] = Linear(random, hidden, config.IntermediateSize);
        }

        return weights;
    }

    private static (float[] Data, long[] Shape) Linear(Random random, int outputs, int inputs) =>
        Uniform(random, MathF.Sqrt(3f / inputs), 0f, outputs, inputs);

    private static (float[] Data, long[] Shape) Uniform(Random random, float bound, float centre, params long[] shape)
    {
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = centre + (((random.NextSingle() * 2f) - 1f) * bound);
        }

        return (data, shape);
    }
}
