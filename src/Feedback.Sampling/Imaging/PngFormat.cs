namespace Feedback.Sampling.Imaging;

/// <summary>The fixed parts of the PNG format that both the encoder and the decoder need.</summary>
internal static class PngFormat
{
    public const int SignatureLength = 8;

    /// <summary>IHDR's data is always 13 bytes: width, height, bit depth, colour type, compression, filter, interlace.</summary>
    public const int HeaderDataLength = 13;

    /// <summary>Length, type and CRC around every chunk's data.</summary>
    public const int ChunkOverhead = 12;

    public const byte ColorTypeGray = 0;
    public const byte ColorTypeRgb = 2;
    public const byte ColorTypeRgba = 6;

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Bytes per pixel of an 8-bit image of the given colour type, or 0 where it is not one this code reads.</summary>
    public static int BytesPerPixel(byte colorType) => colorType switch
    {
        ColorTypeGray => 1,
        ColorTypeRgb => 3,
        ColorTypeRgba => 4,
        _ => 0,
    };
}
