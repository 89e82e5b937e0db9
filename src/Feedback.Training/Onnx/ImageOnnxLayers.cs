namespace Feedback.Training.Onnx;

/// <summary>
/// The image model's building blocks as ONNX nodes, each computing what its TorchSharp module computes: convolutions,
/// group norm (as InstanceNormalization over groups), SiLU, residual blocks, attention and nearest upsampling.
/// Weight names are the TorchSharp parameter names under <c>prefix</c>.
/// </summary>
internal sealed class ImageOnnxLayers(OnnxGraphBuilder builder, OnnxWeightTable weights, int groups, int heads)
{
    private const float NormEpsilon = 1e-5f;
    private int _nodes;

    public OnnxGraphBuilder Builder => builder;

    public OnnxWeightTable Weights => weights;

    public string Conv(string input, string prefix, int kernel = 3, int stride = 1)
    {
        var padding = kernel / 2;
        var output = Name(prefix + "conv");
        builder.Node("Conv", [input, weights.Get(prefix + ".weight"), weights.Get(prefix + ".bias")], output)
            .With("kernel_shape", [(long)kernel, kernel])
            .With("pads", [(long)padding, padding, padding, padding])
            .With("strides", [(long)stride, stride]);
        return output;
    }

    /// <summary>[N, C, H, W] normalized over each group of C / groups channels, then scaled and shifted per channel.</summary>
    public string GroupNorm(string input, string prefix, int channels)
    {
        var grouped = builder.Reshape(input, builder.Int64s(0, groups, -1), Name(prefix + "grouped"));
        var normalized = Name(prefix + "normalized");
        builder.Node("InstanceNormalization", [grouped, Ones(groups), Zeros(groups)], normalized).With("epsilon", NormEpsilon);
        var shape = builder.Unary("Shape", input, Name(prefix + "shape"));
        var restored = builder.Reshape(normalized, shape, Name(prefix + "restored"));
        var scaled = builder.Mul(restored, weights.Reshaped(prefix + ".weight", channels, 1, 1), Name(prefix + "scaled"));
        return builder.Add(scaled, weights.Reshaped(prefix + ".bias", channels, 1, 1), Name(prefix + "gn"));
    }

    public string LayerNorm(string input, string prefix)
    {
        var output = Name(prefix + "ln");
        builder.Node("LayerNormalization", [input, weights.Get(prefix + ".weight"), weights.Get(prefix + ".bias")], output)
            .With("axis", -1L)
            .With("epsilon", NormEpsilon);
        return output;
    }

    public string Silu(string input) => builder.Mul(input, builder.Unary("Sigmoid", input, Name("sigmoid")), Name("silu"));

    /// <summary>A Linear on rows [n, in] (Gemm on the weight as stored), with its bias where it has one.</summary>
    public string LinearRows(string input, string prefix)
    {
        var output = Name(prefix + "gemm");
        var inputs = new List<string> { input, weights.Get(prefix + ".weight") };
        if (weights.Contains(prefix + ".bias"))
        {
            inputs.Add(weights.Get(prefix + ".bias"));
        }

        builder.Node("Gemm", inputs, output).With("transB", 1L);
        return output;
    }

    /// <summary>A Linear on [batch, tokens, in]: MatMul by the transposed weight, plus the bias where it has one.</summary>
    public string Linear(string input, string prefix)
    {
        var product = builder.MatMul(input, weights.Transposed(prefix + ".weight"), Name(prefix + "matmul"));
        return weights.Contains(prefix + ".bias") ? builder.Add(product, weights.Get(prefix + ".bias"), Name(prefix + "linear")) : product;
    }

    /// <param name="time">[batch, timeWidth] after the time MLP; null for the VAE's blocks.</param>
    public string ResidualBlock(string input, string prefix, int inChannels, int outChannels, string? time)
    {
        var hidden = Conv(Silu(GroupNorm(input, prefix + ".norm1", inChannels)), prefix + ".conv1");
        if (time is not null)
        {
            var projected = LinearRows(Silu(time), prefix + ".time_proj");
            hidden = builder.Add(hidden, builder.Unsqueeze(projected, [2L, 3L], Name(prefix + "time")), Name(prefix + "with_time"));
        }

        hidden = Conv(Silu(GroupNorm(hidden, prefix + ".norm2", outChannels)), prefix + ".conv2");
        var shortcut = inChannels == outChannels ? input : Conv(input, prefix + ".skip", kernel: 1);
        return builder.Add(shortcut, hidden, Name(prefix + "residual"));
    }

    /// <summary>Attention of [batch, queries, width] over [batch, keys, width], by heads, without masks.</summary>
    public string Attention(string query, string key, string value, int width)
    {
        var headWidth = width / heads;
        var headShape = builder.Int64s(0, 0, heads, headWidth);
        var q = builder.Transpose(builder.Reshape(query, headShape, Name("q_heads")), [0L, 2, 1, 3], Name("q"));
        var k = builder.Transpose(builder.Reshape(key, headShape, Name("k_heads")), [0L, 2, 3, 1], Name("k_t"));
        var v = builder.Transpose(builder.Reshape(value, headShape, Name("v_heads")), [0L, 2, 1, 3], Name("v"));
        var scores = builder.Mul(builder.MatMul(q, k, Name("scores")), builder.FloatScalar((float)(1.0 / Math.Sqrt(headWidth))), Name("scaled"));
        var probabilities = Name("softmax");
        builder.Node("Softmax", [scores], probabilities).With("axis", -1L);
        var attended = builder.Transpose(builder.MatMul(probabilities, v, Name("attended")), [0L, 2, 1, 3], Name("merged"));
        return builder.Reshape(attended, builder.Int64s(0, 0, width), Name("attention"));
    }

    /// <summary>A feature map's positions attend to the caption's embeddings; the result is added back.</summary>
    public string CrossAttention(string input, string context, string prefix, int channels)
    {
        var positions = builder.Transpose(
            builder.Reshape(GroupNorm(input, prefix + ".norm", channels), builder.Int64s(0, channels, -1), Name(prefix + "flat")),
            [0L, 2, 1], Name(prefix + "positions"));
        var attended = Attention(Linear(positions, prefix + ".to_q"), Linear(context, prefix + ".to_k"), Linear(context, prefix + ".to_v"), channels);
        var output = builder.Transpose(Linear(attended, prefix + ".to_out"), [0L, 2, 1], Name(prefix + "channels"));
        var shaped = builder.Reshape(output, builder.Unary("Shape", input, Name(prefix + "shape")), Name(prefix + "map"));
        return builder.Add(input, shaped, Name(prefix + "cross"));
    }

    /// <summary>Nearest-neighbour doubling of height and width, as torch's interpolate(scale_factor: 2, mode: nearest).</summary>
    public string Upsample(string input)
    {
        var output = Name("upsampled");
        builder.Node("Resize", [input, "", Floats("scales_1122", [4], [1f, 1f, 2f, 2f])], output)
            .With("mode", "nearest")
            .With("coordinate_transformation_mode", "asymmetric")
            .With("nearest_mode", "floor");
        return output;
    }

    public string Floats(string name, long[] dims, float[] values)
    {
        if (!builder.Graph.Initializers.Any(i => i.Name == name))
        {
            builder.Graph.AddInitializer(OnnxTensor.FromFloats(name, dims, values));
        }

        return name;
    }

    public string Name(string hint) => $"/{hint.Replace('.', '/')}_{_nodes++}";

    private string Ones(int count) => Floats($"ones_{count}", [count], Enumerable.Repeat(1f, count).ToArray());

    private string Zeros(int count) => Floats($"zeros_{count}", [count], new float[count]);
}
