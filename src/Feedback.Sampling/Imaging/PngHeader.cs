using System.Buffers.Binary;

namespace Feedback.Sampling.Imaging;

/// <summary>The IHDR fields that matter here, checked against what <see cref="PngDecoder"/> can read.</summary>
internal readonly record struct PngHeader(int Width, int Height, byte ColorType)
{
    public int BytesPerPixel => PngFormat.BytesPerPixel(ColorType);

    public int Stride => Width * BytesPerPixel;

    public static PngHeader Parse(PngChunk chunk)
    {
        var (width, height) = ReadSize(chunk);
        var data = chunk.Data;
        var (bitDepth, colorType, compression, filter, interlace) = (data[8], data[9], data[10], data[11], data[12]);
        if (interlace != 0)
        {
            throw new InvalidDataException("Interlaced PNGs are not supported.");
        }

        if (PngFormat.BytesPerPixel(colorType) == 0)
        {
            throw new InvalidDataException($"PNG colour type {colorType} is not supported: only gray (0), RGB (2) and RGBA (6).");
        }

        if (bitDepth != 8)
        {
            throw new InvalidDataException($"PNG bit depth {bitDepth} is not supported: only 8 bits per channel.");
        }

        if (compression != 0 || filter != 0)
        {
            throw new InvalidDataException($"Corrupt PNG: unknown compression method {compression} or filter method {filter}.");
        }

        return new PngHeader(width, height, colorType);
    }

    /// <summary>Width and height alone, for callers that do not decode the pixels.</summary>
    public static (int Width, int Height) ReadSize(PngChunk chunk)
    {
        if (chunk.Type != "IHDR")
        {
            throw new InvalidDataException($"Corrupt PNG: the first chunk is {chunk.Type}, not IHDR.");
        }

        var data = chunk.Data;
        if (data.Length != PngFormat.HeaderDataLength)
        {
            throw new InvalidDataException($"Corrupt PNG: IHDR holds {data.Length} bytes instead of {PngFormat.HeaderDataLength}.");
        }

        var width = CheckDimension("width", BinaryPrimitives.ReadUInt32BigEndian(data));
        var height = CheckDimension("height", BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
        return (width, height);
    }

    private static int CheckDimension(string name, uint value)
    {
        if (value == 0 || value > PngDecoder.MaxDimension)
        {
            throw new InvalidDataException($"PNG {name} {value} is outside the supported range 1 to {PngDecoder.MaxDimension}.");
        }

        return (int)value;
    }
}
