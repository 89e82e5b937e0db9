namespace Feedback.Training.Onnx;

/// <summary>
/// Which keys each new token may attend to, built once for every layer: key t is visible to the query at cache
/// index past + j when t &lt;= past + j (causal, counting the cached tokens) and attention_mask[b, t] is set (not padding).
/// </summary>
internal static class LlamaOnnxAttentionMask
{
    /// <param name="inputIds">int64 [batch, seq]: gives seq.</param>
    /// <param name="attentionMask">int64 [batch, past + seq]: gives the total length and the padding.</param>
    /// <returns>bool [batch, 1, seq, past + seq].</returns>
    public static string Build(OnnxGraphBuilder builder, string inputIds, string attentionMask)
    {
        const string prefix = "/model/attention_mask/";
        var sequenceLength = builder.Element(builder.Unary("Shape", inputIds, prefix + "input_shape"), 1, prefix + "sequence_length");
        var totalLength = builder.Element(builder.Unary("Shape", attentionMask, prefix + "mask_shape"), 1, prefix + "total_length");
        var pastLength = builder.Sub(totalLength, sequenceLength, prefix + "past_length");

        var one = builder.Int64Scalar(1);
        var keyIndices = Range(builder, builder.Int64Scalar(0), totalLength, one, prefix + "key_indices");
        var queryIndices = Range(builder, pastLength, totalLength, one, prefix + "query_indices");
        var causal = builder.Binary(
            "LessOrEqual",
            builder.Unsqueeze(keyIndices, [0], prefix + "key_row"),
            builder.Unsqueeze(queryIndices, [1], prefix + "query_column"),
            prefix + "causal");

        var notPadding = builder.Cast(attentionMask, OnnxDataType.Bool, prefix + "not_padding");
        var perKey = builder.Unsqueeze(notPadding, [1, 2], prefix + "not_padding_per_key");
        return builder.Binary("And", causal, perKey, prefix + "attendable");
    }

    private static string Range(OnnxGraphBuilder builder, string start, string limit, string delta, string output)
    {
        builder.Node("Range", [start, limit, delta], output);
        return output;
    }
}
