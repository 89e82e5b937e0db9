namespace Feedback.Training.Onnx;

/// <summary>
/// Input and output names and symbolic dimensions of an exported decoder, as Hugging Face Optimum names them for a
/// decoder with past key values, so that one sampler runs both this project's exports and Optimum's.
/// </summary>
public static class LlamaOnnxSignature
{
    /// <summary>int64 [batch_size, sequence_length]: the new tokens.</summary>
    public const string InputIds = "input_ids";

    /// <summary>int64 [batch_size, total_sequence_length]: 1 for every cached or new token to attend to, 0 for padding.</summary>
    public const string AttentionMask = "attention_mask";

    /// <summary>int64 [batch_size, sequence_length]: each new token's rotary position.</summary>
    public const string PositionIds = "position_ids";

    /// <summary>float [batch_size, sequence_length, vocab]: next-token scores at every new position.</summary>
    public const string Logits = "logits";

    public const string BatchSize = "batch_size";

    public const string SequenceLength = "sequence_length";

    public const string PastSequenceLength = "past_sequence_length";

    public const string TotalSequenceLength = "total_sequence_length";

    /// <summary>float [batch_size, kv_heads, past_sequence_length, head_dim]; empty (past 0) on the first step.</summary>
    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    /// <summary>float [batch_size, kv_heads, past_sequence_length, head_dim]; empty (past 0) on the first step.</summary>
    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    /// <summary>float [batch_size, kv_heads, total_sequence_length, head_dim]: the past with the new tokens appended.</summary>
    public static string PresentKey(int layer) => $"present.{layer}.key";

    /// <summary>float [batch_size, kv_heads, total_sequence_length, head_dim]: the past with the new tokens appended.</summary>
    public static string PresentValue(int layer) => $"present.{layer}.value";
}
