using System.Buffers.Binary;

namespace Feedback.Sampling.Imaging;

/// <summary>Walks the chunks after the signature, checking that each one is whole and that its CRC matches.</summary>
internal ref struct PngChunkReader
{
    private readonly ReadOnlySpan<byte> _png;
    private int _position;

    /// <summary>Checks the signature; throws <see cref="InvalidDataException"/> when it is not there.</summary>
    public PngChunkReader(ReadOnlySpan<byte> png)
    {
        if (!PngDecoder.IsPng(png))
        {
            throw new InvalidDataException("Not a PNG file: the PNG signature is missing.");
        }

        _png = png;
        _position = PngFormat.SignatureLength;
    }

    /// <summary>The next chunk; throws <see cref="InvalidDataException"/> when the file ends before it is whole.</summary>
    public PngChunk Read()
    {
        var remaining = _png.Length - _position;
        if (remaining < PngFormat.ChunkOverhead)
        {
            throw new InvalidDataException("Truncated PNG: the file ends before the IEND chunk.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_png[_position..]);
        var typeBytes = _png.Slice(_position + 4, 4);
        var type = ChunkType(typeBytes);
        if (length > remaining - PngFormat.ChunkOverhead)
        {
            throw new InvalidDataException($"Truncated PNG: chunk {type} says it holds {length} bytes but the file ends first.");
        }

        var data = _png.Slice(_position + 8, (int)length);
        var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(_png[(_position + 8 + (int)length)..]);
        if (storedCrc != Crc32.Compute(typeBytes, data))
        {
            throw new InvalidDataException($"Bad CRC in chunk {type}: the file is corrupt.");
        }

        _position += PngFormat.ChunkOverhead + (int)length;
        return new PngChunk(type, data);
    }

    private static string ChunkType(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                throw new InvalidDataException("Corrupt PNG: a chunk type is not four ASCII letters.");
            }
        }

        return string.Create(4, bytes.ToArray(), (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)source[i];
            }
        });
    }
}
