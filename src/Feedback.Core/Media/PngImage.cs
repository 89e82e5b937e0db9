using System.Buffers.Binary;

namespace Feedback.Core.Media;

/// <summary>The checks an uploaded image must pass: a PNG of sensible size, judged from its signature and IHDR chunk.</summary>
public static class PngImage
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxSide = 4096;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Signature, then the IHDR chunk's length and type, then its width and height.
    private const int HeaderLength = 8 + 4 + 4 + 4 + 4;

    /// <summary>
    /// Why these bytes are not an acceptable image, as the end of a sentence about them ("is not a PNG file"); null when
    /// they are acceptable.
    /// </summary>
    public static string? Problem(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return $"is larger than {MaxBytes / (1024 * 1024)} MB";
        }

        if (bytes.Length < HeaderLength || !bytes.StartsWith(Signature)
            || BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]) != 13 || !bytes[12..16].SequenceEqual("IHDR"u8))
        {
            return "is not a PNG file";
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);
        if (width is 0 or > MaxSide || height is 0 or > MaxSide)
        {
            return $"is {width} by {height} pixels; each side must be between 1 and {MaxSide} pixels";
        }

        return null;
    }
}
