using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Feedback.Sampling.Text;

/// <summary>What a decoder's ONNX file says about itself: the shape of its key/value cache and which optional inputs it takes.</summary>
/// <param name="LayerCount">Transformer layers with a key/value cache; 0 for an export without past inputs, which is always run uncached.</param>
/// <param name="KeyValueHeads">Heads per layer in the cache (fewer than the attention heads under grouped-query attention).</param>
/// <param name="HeadSize">Features per head.</param>
/// <param name="VocabularySize">The logits' last dimension when the file fixes it; null when it is symbolic.</param>
/// <param name="TakesPositionIds">False for exports that derive positions themselves; position_ids is then not fed.</param>
/// <param name="TakesUseCacheBranch">True for Optimum's merged decoders, which choose their with-past branch from a bool input.</param>
public sealed record TextModelInfo(
    int LayerCount,
    int KeyValueHeads,
    int HeadSize,
    int? VocabularySize,
    bool TakesPositionIds,
    bool TakesUseCacheBranch)
{
    public bool HasKeyValueCache => LayerCount > 0;

    /// <summary>Reads the decoder's layout from the session's metadata; a file that does not follow it is refused with the reason.</summary>
    internal static TextModelInfo Read(InferenceSession session)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        RequireTensor(inputs, DecoderTensorNames.InputIds, TensorElementType.Int64, "input");
        RequireTensor(inputs, DecoderTensorNames.AttentionMask, TensorElementType.Int64, "input");
        var logits = RequireTensor(outputs, DecoderTensorNames.Logits, TensorElementType.Float, "output");
        if (inputs.TryGetValue(DecoderTensorNames.PositionIds, out var positions))
        {
            RequireType(DecoderTensorNames.PositionIds, positions, TensorElementType.Int64);
        }

        var layerCount = inputs.Keys.Count(name =>
            name.StartsWith(DecoderTensorNames.PastPrefix, StringComparison.Ordinal) && name.EndsWith(DecoderTensorNames.KeySuffix, StringComparison.Ordinal));
        var (kvHeads, headSize) = layerCount == 0 ? (0, 0) : ReadCacheShape(inputs, outputs, layerCount);
        var vocabulary = logits.Dimensions.Length == 3 && logits.Dimensions[2] > 0 ? logits.Dimensions[2] : (int?)null;

        return new TextModelInfo(
            layerCount,
            kvHeads,
            headSize,
            vocabulary,
            TakesPositionIds: positions is not null,
            TakesUseCacheBranch: inputs.ContainsKey(DecoderTensorNames.UseCacheBranch));
    }

    private static (int KvHeads, int HeadSize) ReadCacheShape(
        IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs, int layerCount)
    {
        var first = RequireTensor(inputs, DecoderTensorNames.PastKey(0), TensorElementType.Float, "input");
        if (first.Dimensions.Length != 4 || first.Dimensions[1] <= 0 || first.Dimensions[3] <= 0)
        {
            throw new InvalidDataException(
                $"'{DecoderTensorNames.PastKey(0)}' must be [batch, kv_heads, past, head_size] with fixed heads and head size; "
                + $"the file declares [{string.Join(", ", first.Dimensions)}].");
        }

        var kvHeads = first.Dimensions[1];
        var headSize = first.Dimensions[3];
        for (var layer = 0; layer < layerCount; layer++)
        {
            foreach (var name in (string[])[DecoderTensorNames.PastKey(layer), DecoderTensorNames.PastValue(layer)])
            {
                var past = RequireTensor(inputs, name, TensorElementType.Float, "input");
                if (past.Dimensions.Length != 4 || past.Dimensions[1] != kvHeads || past.Dimensions[3] != headSize)
                {
                    throw new InvalidDataException(
                        $"'{name}' is [{string.Join(", ", past.Dimensions)}]; every layer's cache must be [batch, {kvHeads}, past, {headSize}].");
                }
            }

            RequireTensor(outputs, DecoderTensorNames.PresentKey(layer), TensorElementType.Float, "output");
            RequireTensor(outputs, DecoderTensorNames.PresentValue(layer), TensorElementType.Float, "output");
        }

        return (kvHeads, headSize);
    }

    private static NodeMetadata RequireTensor(IReadOnlyDictionary<string, NodeMetadata> values, string name, TensorElementType type, string kind)
    {
        if (!values.TryGetValue(name, out var metadata))
        {
            throw new InvalidDataException(
                $"The decoder has no {kind} '{name}'; it has {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))}.");
        }

        RequireType(name, metadata, type);
        return metadata;
    }

    private static void RequireType(string name, NodeMetadata metadata, TensorElementType type)
    {
        if (!metadata.IsTensor || metadata.ElementDataType != type)
        {
            throw new InvalidDataException($"'{name}' must be a {type} tensor; the decoder declares {metadata.ElementDataType}.");
        }
    }
}
