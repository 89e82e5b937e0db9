using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Feedback.Training.Onnx;

/// <summary>A named tensor with its data (TensorProto), stored as little-endian raw_data: an initializer or an attribute value.</summary>
public sealed class OnnxTensor : IProtobufMessage
{
    private const int DimsField = 1;
    private const int DataTypeField = 2;
    private const int NameField = 8;
    private const int RawDataField = 9;

    private readonly ReadOnlyMemory<byte> _rawData;

    /// <param name="rawData">The elements in row-major order, each little endian; bool is one byte per element.</param>
    public OnnxTensor(string name, OnnxDataType dataType, IReadOnlyList<long> dims, ReadOnlyMemory<byte> rawData)
    {
        ArgumentNullException.ThrowIfNull(name);
        var elements = ElementCount(dims);
        var expectedBytes = elements * ElementSize(dataType);
        if (rawData.Length != expectedBytes)
        {
            throw new ArgumentException(
                $"Tensor '{name}' of shape [{string.Join(", ", dims)}] needs {expectedBytes} bytes of {dataType} data, got {rawData.Length}.",
                nameof(rawData));
        }

        Name = name;
        DataType = dataType;
        Dims = dims.ToArray();
        _rawData = rawData;
    }

    public string Name { get; }

    public OnnxDataType DataType { get; }

    /// <summary>The shape; empty for a scalar.</summary>
    public IReadOnlyList<long> Dims { get; }

    public ReadOnlySpan<byte> RawData => _rawData.Span;

    public static OnnxTensor FromFloats(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        return new OnnxTensor(name, OnnxDataType.Float, dims, bytes);
    }

    public static OnnxTensor FromInt64s(string name, IReadOnlyList<long> dims, ReadOnlySpan<long> values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
            }
        }

        return new OnnxTensor(name, OnnxDataType.Int64, dims, bytes);
    }

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        foreach (var dim in Dims)
        {
            writer.WriteInt64(DimsField, dim);
        }

        writer.WriteInt64(DataTypeField, (long)DataType);
        if (Name.Length > 0)
        {
            writer.WriteString(NameField, Name);
        }

        writer.WriteBytes(RawDataField, _rawData.Span);
    }

    private static long ElementCount(IReadOnlyList<long> dims)
    {
        long count = 1;
        foreach (var dim in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(dims));
            count = checked(count * dim);
        }

        return count;
    }

    private static int ElementSize(OnnxDataType dataType) => dataType switch
    {
        OnnxDataType.Float => sizeof(float),
        OnnxDataType.Int32 => sizeof(int),
        OnnxDataType.Int64 => sizeof(long),
        OnnxDataType.Bool => sizeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unsupported ONNX data type."),
    };
}
