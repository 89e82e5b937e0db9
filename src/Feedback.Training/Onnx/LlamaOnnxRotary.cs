namespace Feedback.Training.Onnx;

/// <summary>
/// Rotary position embedding in Hugging Face's rotate_half layout: cos and sin of position times inverse frequency,
/// computed in the graph from position_ids (so any position works), then applied to queries and keys.
/// </summary>
internal sealed class LlamaOnnxRotary
{
    private readonly OnnxGraphBuilder _builder;
    private readonly int _headDim;

    private LlamaOnnxRotary(OnnxGraphBuilder builder, int headDim, string cos, string sin)
    {
        _builder = builder;
        _headDim = headDim;
        Cos = cos;
        Sin = sin;
    }

    /// <summary>float [batch, 1, seq, head_dim], broadcasting over heads.</summary>
    public string Cos { get; }

    /// <summary>float [batch, 1, seq, head_dim], broadcasting over heads.</summary>
    public string Sin { get; }

    /// <param name="positionIds">int64 [batch, seq].</param>
    public static LlamaOnnxRotary Build(OnnxGraphBuilder builder, string positionIds, int headDim, double theta)
    {
        const string prefix = "/model/rotary_emb/";
        var inverseFrequencies = prefix + "inv_freq";
        builder.Graph.AddInitializer(OnnxTensor.FromFloats(inverseFrequencies, [headDim / 2], InverseFrequencies(headDim, theta)));

        var positions = builder.Cast(positionIds, OnnxDataType.Float, prefix + "positions");
        var column = builder.Unsqueeze(positions, [1, 3], prefix + "positions_column");
        var frequencies = builder.Mul(column, inverseFrequencies, prefix + "freqs");
        var angles = builder.Concat([frequencies, frequencies], -1, prefix + "emb");
        return new LlamaOnnxRotary(
            builder,
            headDim,
            builder.Unary("Cos", angles, prefix + "cos"),
            builder.Unary("Sin", angles, prefix + "sin"));
    }

    /// <summary>x * cos + rotate_half(x) * sin, where rotate_half(x) = cat(-x[d/2:], x[:d/2]).</summary>
    /// <param name="x">float [batch, heads, seq, head_dim].</param>
    public string Apply(string x, string prefix)
    {
        var half = (long)_headDim / 2;
        var firstHalf = prefix + "first_half";
        var secondHalf = prefix + "second_half";
        _builder.Graph.AddNode("Split", [x, _builder.Int64s(half, half)], [firstHalf, secondHalf]).With("axis", -1L);
        var negated = _builder.Unary("Neg", secondHalf, prefix + "negated_second_half");
        var rotated = _builder.Concat([negated, firstHalf], -1, prefix + "rotate_half");
        return _builder.Add(
            _builder.Mul(x, Cos, prefix + "times_cos"),
            _builder.Mul(rotated, Sin, prefix + "rotated_times_sin"),
            prefix + "rotary");
    }

    /// <summary>1 / theta^(2i / d) for i below d / 2, in fp32 as Hugging Face computes it.</summary>
    private static float[] InverseFrequencies(int headDim, double theta)
    {
        var frequencies = new float[headDim / 2];
        for (var i = 0; i < frequencies.Length; i++)
        {
            frequencies[i] = 1f / MathF.Pow((float)theta, 2f * i / headDim);
        }

        return frequencies;
    }
}
