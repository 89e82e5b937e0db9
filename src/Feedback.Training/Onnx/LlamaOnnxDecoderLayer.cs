using Feedback.Training.Text;

namespace Feedback.Training.Onnx;

/// <summary>
/// A pre-norm decoder layer on token rows [batch * seq, hidden]: h + attention(RMSNorm(h)), then
/// h + down(silu(gate(x)) * up(x)) with x = RMSNorm(h).
/// </summary>
internal sealed class LlamaOnnxDecoderLayer(OnnxGraphBuilder builder, LlamaConfig config, LlamaOnnxWeights weights, LlamaOnnxAttention attention)
{
    public string Build(int layer, string hidden)
    {
        var prefix = $"/model/layers.{layer}/";
        var attended = attention.Build(layer, RmsNorm(builder, hidden, weights.InputNorm(layer), config.RmsNormEps, prefix + "input_layernorm/"));
        var afterAttention = builder.Add(hidden, attended, prefix + "attention_residual");

        var normalized = RmsNorm(builder, afterAttention, weights.PostAttentionNorm(layer), config.RmsNormEps, prefix + "post_attention_layernorm/");
        var gate = builder.Linear(normalized, weights.GateProjection(layer), prefix + "mlp/gate_proj");
        var silu = builder.Mul(gate, builder.Unary("Sigmoid", gate, prefix + "mlp/gate_sigmoid"), prefix + "mlp/silu");
        var up = builder.Linear(normalized, weights.UpProjection(layer), prefix + "mlp/up_proj");
        var down = builder.Linear(builder.Mul(silu, up, prefix + "mlp/silu_times_up"), weights.DownProjection(layer), prefix + "mlp/down_proj");
        return builder.Add(afterAttention, down, prefix + "mlp_residual");
    }

    /// <summary>x / sqrt(mean(x^2) + eps) * weight over the last axis.</summary>
    public static string RmsNorm(OnnxGraphBuilder builder, string x, string weight, double epsilon, string prefix)
    {
        var squares = builder.Mul(x, x, prefix + "squares");
        var meanSquare = prefix + "mean_square";
        builder.Node("ReduceMean", [squares], meanSquare).With("axes", [-1L]).With("keepdims", 1L);
        var rootMeanSquare = builder.Unary(
            "Sqrt", builder.Add(meanSquare, builder.FloatScalar((float)epsilon), prefix + "mean_square_plus_eps"), prefix + "rms");
        var normalized = builder.Div(x, rootMeanSquare, prefix + "normalized");
        return builder.Mul(normalized, weight, prefix + "output");
    }
}
