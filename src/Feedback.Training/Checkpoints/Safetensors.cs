using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Feedback.Training.Checkpoints;

/// <summary>
/// Reads and writes safetensors files: fp32 on writing; F32, F16 and BF16 on reading, always returned as fp32 CPU
/// tensors. The format keeps all numbers little-endian, as this code does on the little-endian machines it runs on.
/// </summary>
public static class Safetensors
{
    /// <summary>The header is padded with spaces to a multiple of this, so that the data starts aligned.</summary>
    private const int HeaderAlignment = 8;

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        RequireLittleEndian();
        using var scope = NewDisposeScope();
        var ordered = tensors
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (Name: pair.Key, Values: pair.Value.detach().to(ScalarType.Float32, CPU).contiguous()))
            .ToList();

        var header = HeaderJson(ordered, metadata);
        var temporary = path + ".partial";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Span<byte> length = stackalloc byte[8];
            BitConverter.TryWriteBytes(length, (long)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var (_, values) in ordered)
            {
                stream.Write(values.bytes);
            }
        }

        // Renamed into place so that a crash mid-write never leaves a truncated file under the real name.
        File.Move(temporary, path, overwrite: true);
    }

    public static SafetensorsHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return SafetensorsHeader.Read(stream, path);
    }

    /// <summary>Every tensor in the file by name, as fp32 CPU tensors of the stored shapes.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireLittleEndian();
        using var stream = File.OpenRead(path);
        var header = SafetensorsHeader.Read(stream, path);
        var tensors = new Dictionary<string, Tensor>(header.Entries.Count, StringComparer.Ordinal);
        foreach (var entry in header.Entries)
        {
            stream.Position = header.DataStart + entry.Begin;
            tensors.Add(entry.Name, tensor(ReadAsSingles(stream, entry), entry.Shape.ToArray()));
        }

        return tensors;
    }

    private static float[] ReadAsSingles(Stream stream, SafetensorsEntry entry)
    {
        var values = new float[entry.ElementCount];
        if (entry.DataType == "F32")
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        var halves = new ushort[entry.ElementCount];
        stream.ReadExactly(MemoryMarshal.AsBytes(halves.AsSpan()));
        for (var i = 0; i < halves.Length; i++)
        {
            // BF16 is the upper half of an fp32; F16 is IEEE half precision.
            values[i] = entry.DataType == "BF16"
                ? BitConverter.UInt32BitsToSingle((uint)halves[i] << 16)
                : (float)BitConverter.UInt16BitsToHalf(halves[i]);
        }

        return values;
    }

    private static byte[] HeaderJson(List<(string Name, Tensor Values)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, values) in tensors)
            {
                var length = values.numel() * sizeof(float);
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var dimension in values.shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }

            json.WriteEndObject();
        }

        var padding = (HeaderAlignment - (int)(buffer.Length % HeaderAlignment)) % HeaderAlignment;
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Safetensors data is little-endian; this machine is not.");
        }
    }
}
