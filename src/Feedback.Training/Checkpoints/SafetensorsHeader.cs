using System.Buffers.Binary;
using System.Text.Json;

namespace Feedback.Training.Checkpoints;

/// <summary>
/// The header of a safetensors file: an 8-byte little-endian length, then that many bytes of JSON mapping each tensor's
/// name to {dtype, shape, data_offsets}, with an optional "__metadata__" of strings. Parsing checks that the byte
/// ranges match the shapes, do not overlap, leave no gaps and fit the file, so that a damaged file fails here with the
/// reason instead of loading as wrong numbers.
/// </summary>
public sealed record SafetensorsHeader(IReadOnlyList<SafetensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart)
{
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers are small; a claimed length beyond this means the file is not safetensors at all.</summary>
    private const long MaximumHeaderLength = 100L * 1024 * 1024;

    public static SafetensorsHeader Read(Stream stream, string fileName)
    {
        var fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8 || stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            throw Invalid(fileName, $"it is {fileLength} bytes, shorter than the 8-byte header length.");
        }

        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(prefix);
        if (headerLength <= 0 || headerLength > MaximumHeaderLength || headerLength > fileLength - 8)
        {
            throw Invalid(fileName, $"the header length {headerLength} does not fit a file of {fileLength} bytes.");
        }

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = 8 + headerLength;
        return Parse(json, fileName, dataStart, fileLength - dataStart);
    }

    private static SafetensorsHeader Parse(byte[] json, string fileName, long dataStart, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw Invalid(fileName, $"the header is not valid JSON ({error.Message}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(fileName, "the header is not a JSON object.");
            }

            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, fileName);
                }
                else if (entries.Any(entry => entry.Name == property.Name))
                {
                    throw Invalid(fileName, $"tensor '{property.Name}' is listed twice.");
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value, fileName));
                }
            }

            CheckLayout(entries, dataLength, fileName);
            return new SafetensorsHeader(entries, metadata, dataStart);
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, string fileName)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw Invalid(fileName, $"tensor '{name}' lacks dtype, shape or a [begin, end] data_offsets.");
        }

        var dimensions = new List<long>();
        foreach (var dimension in shape.EnumerateArray())
        {
            if (!dimension.TryGetInt64(out var size) || size < 0)
            {
                throw Invalid(fileName, $"tensor '{name}' has a shape that is not a list of non-negative integers.");
            }

            dimensions.Add(size);
        }

        if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw Invalid(fileName, $"tensor '{name}' has data_offsets that are not 0 <= begin <= end.");
        }

        var entry = new SafetensorsEntry(name, dtype.GetString()!, dimensions, begin, end);
        var elementSize = SafetensorsEntry.ElementSize(entry.DataType);
        if (elementSize == 0)
        {
            throw Invalid(fileName, $"tensor '{name}' is {entry.DataType}; only F32, F16 and BF16 are read.");
        }

        if (entry.ByteLength != entry.ElementCount * elementSize)
        {
            throw Invalid(fileName,
                $"tensor '{name}' of shape [{string.Join(", ", dimensions)}] {entry.DataType} needs {entry.ElementCount * elementSize} bytes but data_offsets give {entry.ByteLength}.");
        }

        return entry;
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string fileName)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(fileName, $"{MetadataKey} is not an object of strings.");
        }

        foreach (var item in value.EnumerateObject())
        {
            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                ? item.Value.GetString()!
                : throw Invalid(fileName, $"{MetadataKey} value '{item.Name}' is not a string.");
        }
    }

    /// <summary>Sorted by begin, each tensor must start where the previous one ended and the last must end where the file does.</summary>
    private static void CheckLayout(List<SafetensorsEntry> entries, long dataLength, string fileName)
    {
        long expectedBegin = 0;
        SafetensorsEntry? previous = null;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < expectedBegin)
            {
                throw Invalid(fileName, $"tensors '{previous!.Name}' and '{entry.Name}' overlap (bytes {entry.Begin} to {previous.End}).");
            }

            if (entry.Begin > expectedBegin)
            {
                throw Invalid(fileName, $"bytes {expectedBegin} to {entry.Begin} before tensor '{entry.Name}' belong to no tensor.");
            }

            expectedBegin = entry.End;
            previous = entry;
        }

        if (expectedBegin > dataLength)
        {
            throw Invalid(fileName, $"it is truncated: tensor '{previous!.Name}' ends at data byte {expectedBegin} but the file holds {dataLength} data bytes.");
        }

        if (expectedBegin < dataLength)
        {
            throw Invalid(fileName, $"{dataLength - expectedBegin} bytes after the last tensor belong to no tensor.");
        }
    }

    private static InvalidDataException Invalid(string fileName, string reason) =>
        new($"{fileName} is not a valid safetensors file: {reason}");
}
