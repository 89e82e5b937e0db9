namespace Feedback.Training.Checkpoints;

/// <summary>One tensor's line in a safetensors header: its type, shape and byte range within the data section.</summary>
public sealed record SafetensorsEntry(string Name, string DataType, IReadOnlyList<long> Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (count, dimension) => count * dimension);

    public long ByteLength => End - Begin;

    /// <summary>Bytes per element for the types this reader converts (F32, F16, BF16); 0 for any other.</summary>
    public static int ElementSize(string dataType) => dataType switch
    {
        "F32" => 4,
        "F16" or "BF16" => 2,
        _ => 0,
    };
}
