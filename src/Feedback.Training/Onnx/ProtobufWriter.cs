using System.Buffers.Binary;
using System.Text;

namespace Feedback.Training.Onnx;

/// <summary>
/// Writes protobuf wire format (varints, fixed32, length-delimited fields) straight to a stream.
/// A nested message is measured first and then written, so large tensors are never copied into
/// intermediate buffers.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int MaxVarintLength = 10;

    private readonly Stream? _output;

    /// <summary>A writer that sends bytes to <paramref name="output"/>.</summary>
    public ProtobufWriter(Stream output)
    {
        _output = output;
    }

    private ProtobufWriter()
    {
    }

    /// <summary>Bytes written (or, when measuring, counted) so far.</summary>
    public long Position { get; private set; }

    /// <summary>The encoded size of <paramref name="message"/>'s fields.</summary>
    public static long Measure(IProtobufMessage message)
    {
        var counter = new ProtobufWriter();
        message.WriteTo(counter);
        return counter.Position;
    }

    /// <summary>A varint field: int32, int64, uint64, bool and enum values. Negative values take ten bytes, as protobuf requires.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        Span<byte> bytes = stackalloc byte[sizeof(float)];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        WriteRaw(bytes);
    }

    public void WriteString(int field, string value)
    {
        WriteTag(field, WireType.LengthDelimited);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)length);
        if (_output is null)
        {
            Position += length;
            return;
        }

        WriteRaw(Encoding.UTF8.GetBytes(value));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    public void WriteMessage(int field, IProtobufMessage message)
    {
        var length = Measure(message);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)length);
        if (_output is null)
        {
            Position += length;
            return;
        }

        var start = Position;
        message.WriteTo(this);
        if (Position - start != length)
        {
            throw new InvalidOperationException($"A {message.GetType().Name} wrote {Position - start} bytes after measuring {length}.");
        }
    }

    /// <summary>A nested message whose fields <paramref name="writeFields"/> writes; for messages too small to deserve a class.</summary>
    public void WriteMessage(int field, Action<ProtobufWriter> writeFields) =>
        WriteMessage(field, new DelegateMessage(writeFields));

    private void WriteTag(int field, WireType wireType)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        WriteVarint(((ulong)field << 3) | (ulong)wireType);
    }

    private void WriteVarint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[MaxVarintLength];
        var length = 0;
        while (value >= 0x80)
        {
            bytes[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[length++] = (byte)value;
        WriteRaw(bytes[..length]);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _output?.Write(bytes);
        Position += bytes.Length;
    }

    private sealed class DelegateMessage(Action<ProtobufWriter> writeFields) : IProtobufMessage
    {
        public void WriteTo(ProtobufWriter writer) => writeFields(writer);
    }

    private enum WireType
    {
        Varint = 0,
        LengthDelimited = 2,
        Fixed32 = 5,
    }
}
