using Feedback.Training.Text;

namespace Feedback.UnitTests.Training.Onnx;

/// <summary>A decoder small enough to check by hand-written loops, with grouped-query attention, and seeded random weights.</summary>
internal static class RandomTinyLlama
{
    public static LlamaConfig Config(bool tiedEmbeddings = false) => new()
    {
        VocabSize = 50,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeadsOrNull = 2,
        MaxPositionEmbeddings = 64,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        TieWordEmbeddings = tiedEmbeddings,
        BosTokenId = 1,
        EosTokenId = 2,
        PadTokenId = 0,
    };

    /// <summary>Every parameter by its Hugging Face name; projections scaled so activations stay near unit size.</summary>
    public static Dictionary<string, (float[] Data, long[] Shape)> RandomWeights(LlamaConfig config, int seed)
    {
        var random = new Random(seed);
        var hidden = config.HiddenSize;
        var queryWidth = config.NumAttentionHeads * config.HeadDim;
        var keyValueWidth = config.NumKeyValueHeads * config.HeadDim;
        var weights = new Dictionary<string, (float[] Data, long[] Shape)>
        {
            ["model.embed_tokens.weight"] = Uniform(random, 1f, config.VocabSize, hidden),
            ["model.norm.weight"] = NearOne(random, hidden),
        };
        if (!config.TieWordEmbeddings)
        {
            weights["lm_head.weight"] = Linear(random, config.VocabSize, hidden);
        }

        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            var prefix = $"model.layers.{layer}.";
            weights[prefix + "input_layernorm.weight"] = NearOne(random, hidden);
            weights[prefix + "self_attn.q_proj.weight"] = Linear(random, queryWidth, hidden);
            weights[prefix + "self_attn.k_proj.weight"] = Linear(random, keyValueWidth, hidden);
            weights[prefix + "self_attn.v_proj.weight"] = Linear(random, keyValueWidth, hidden);
            weights[prefix + "self_attn.o_proj.weight"] = Linear(random, hidden, queryWidth);
            weights[prefix + "post_attention_layernorm.weight"] = NearOne(random, hidden);
            weights[prefix + "mlp.gate_proj.weight"] = Linear(random, config.IntermediateSize, hidden);
            weights[prefix + "mlp.up_proj.weight"] = Linear(random, config.IntermediateSize, hidden);
            weights[prefix + "mlp.down_proj.weight"] = Linear(random, hidden, config.IntermediateSize);
        }

        return weights;
    }

    private static (float[] Data, long[] Shape) Linear(Random random, int outputs, int inputs) =>
        Uniform(random, MathF.Sqrt(3f / inputs), outputs, inputs);

    private static (float[] Data, long[] Shape) NearOne(Random random, int size)
    {
        var (data, shape) = Uniform(random, 0.2f, size);
        return (data.Select(v => 1f + v).ToArray(), shape);
    }

    private static (float[] Data, long[] Shape) Uniform(Random random, float bound, params long[] shape)
    {
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = ((random.NextSingle() * 2f) - 1f) * bound;
        }

        return (data, shape);
    }
}
