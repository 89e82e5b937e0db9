using Feedback.Training.Text;

namespace Feedback.UnitTests.Training.Onnx;

/// <summary>
/// Hugging Face LlamaForCausalLM's forward pass for one unpadded sequence at positions 0, 1, ..., written as plain loops
/// over the weights by name, so that an exported graph is checked against the math itself rather than another export.
/// </summary>
internal sealed class LlamaReferenceForward(LlamaConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights)
{
    private readonly int _hidden = config.HiddenSize;
    private readonly int _heads = config.NumAttentionHeads;
    private readonly int _keyValueHeads = config.NumKeyValueHeads;
    private readonly int _headDim = config.HeadDim;

    /// <returns>logits[position][token].</returns>
    public float[][] Logits(IReadOnlyList<long> tokens)
    {
        var embedding = Weight("model.embed_tokens.weight");
        var hidden = tokens.Select(t => embedding.AsSpan((int)t * _hidden, _hidden).ToArray()).ToArray();
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            var prefix = $"model.layers.{layer}.";
            var attended = Attention(hidden.Select(h => RmsNorm(h, Weight(prefix + "input_layernorm.weight"))).ToArray(), prefix);
            hidden = hidden.Select((h, i) => Add(h, attended[i])).ToArray();
            hidden = hidden.Select(h => Add(h, Mlp(RmsNorm(h, Weight(prefix + "post_attention_layernorm.weight")), prefix))).ToArray();
        }

        var lmHead = Weight(config.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight");
        return hidden.Select(h => Linear(RmsNorm(h, Weight("model.norm.weight")), lmHead, config.VocabSize)).ToArray();
    }

    private float[][] Attention(float[][] normalized, string prefix)
    {
        var length = normalized.Length;
        var queries = normalized.Select((x, p) => Rotate(Linear(x, Weight(prefix + "self_attn.q_proj.weight"), _heads * _headDim), p)).ToArray();
        var keys = normalized.Select((x, p) => Rotate(Linear(x, Weight(prefix + "self_attn.k_proj.weight"), _keyValueHeads * _headDim), p)).ToArray();
        var values = normalized.Select(x => Linear(x, Weight(prefix + "self_attn.v_proj.weight"), _keyValueHeads * _headDim)).ToArray();
        var group = _heads / _keyValueHeads;
        var scale = 1.0 / Math.Sqrt(_headDim);

        var context = new float[length][];
        for (var query = 0; query < length; query++)
        {
            context[query] = new float[_heads * _headDim];
            for (var head = 0; head < _heads; head++)
            {
                var keyValueHead = head / group;
                var scores = new double[query + 1];
                for (var key = 0; key <= query; key++)
                {
                    scores[key] = scale * Dot(queries[query].AsSpan(head * _headDim, _headDim), keys[key].AsSpan(keyValueHead * _headDim, _headDim));
                }

                var max = scores.Max();
                var weightsOfKeys = scores.Select(s => Math.Exp(s - max)).ToArray();
                var sum = weightsOfKeys.Sum();
                for (var d = 0; d < _headDim; d++)
                {
                    var mixed = 0.0;
                    for (var key = 0; key <= query; key++)
                    {
                        mixed += weightsOfKeys[key] / sum * values[key][(keyValueHead * _headDim) + d];
                    }

                    context[query][(head * _headDim) + d] = (float)mixed;
                }
            }
        }

        return context.Select(c => Linear(c, Weight(prefix + "self_attn.o_proj.weight"), _hidden)).ToArray();
    }

    /// <summary>Each head's x * cos + rotate_half(x) * sin with rotate_half(x) = cat(-x[d/2:], x[:d/2]).</summary>
    private float[] Rotate(float[] heads, int position)
    {
        var half = _headDim / 2;
        var rotated = new float[heads.Length];
        for (var start = 0; start < heads.Length; start += _headDim)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = position * (1f / MathF.Pow((float)config.RopeTheta, 2f * i / _headDim));
                var (sin, cos) = Math.SinCos(angle);
                var first = heads[start + i];
                var second = heads[start + half + i];
                rotated[start + i] = (float)((first * cos) - (second * sin));
                rotated[start + half + i] = (float)((second * cos) + (first * sin));
            }
        }

        return rotated;
    }

    private float[] Mlp(float[] x, string prefix)
    {
        var gate = Linear(x, Weight(prefix + "mlp.gate_proj.weight"), config.IntermediateSize);
        var up = Linear(x, Weight(prefix + "mlp.up_proj.weight"), config.IntermediateSize);
        var product = gate.Select((g, i) => g / (1f + MathF.Exp(-g)) * up[i]).ToArray();
        return Linear(product, Weight(prefix + "mlp.down_proj.weight"), _hidden);
    }

    private float[] RmsNorm(float[] x, float[] weight)
    {
        var meanSquare = x.Sum(v => (double)v * v) / x.Length;
        var scale = 1.0 / Math.Sqrt(meanSquare + config.RmsNormEps);
        return x.Select((v, i) => (float)(v * scale * weight[i])).ToArray();
    }

    /// <summary>x W^T for W [outputs, x.Length], as torch's Linear.</summary>
    private static float[] Linear(float[] x, float[] weight, int outputs)
    {
        var y = new float[outputs];
        for (var o = 0; o < outputs; o++)
        {
            y[o] = (float)Dot(x, weight.AsSpan(o * x.Length, x.Length));
        }

        return y;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    private static float[] Add(float[] a, float[] b) => a.Select((v, i) => v + b[i]).ToArray();

    private float[] Weight(string name) => weights[name].Data;
}
