using System.IO.Compression;

namespace Feedback.Sampling.Imaging;

/// <summary>
/// Reads 8-bit, non-interlaced PNG files in gray, RGB or RGBA into RGB pixels. Alpha is composited onto black,
/// so a transparent pixel reads as black whatever colour it stores. Anything else, and any damaged file,
/// throws <see cref="InvalidDataException"/> with the reason.
/// </summary>
public static class PngDecoder
{
    /// <summary>The largest width or height read, which bounds the memory a hostile file can ask for.</summary>
    public const int MaxDimension = 4096;

    public static bool IsPng(ReadOnlySpan<byte> png) =>
        png.Length >= PngFormat.SignatureLength && png[..PngFormat.SignatureLength].SequenceEqual(PngFormat.Signature);

    /// <summary>Width and height from the IHDR chunk, without reading further.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> png) => PngHeader.ReadSize(new PngChunkReader(png).Read());

    /// <returns>Row-major pixels, three bytes (red, green, blue) each, with the image's size.</returns>
    public static (byte[] Rgb, int Width, int Height) DecodeRgb(ReadOnlySpan<byte> png)
    {
        var reader = new PngChunkReader(png);
        var header = PngHeader.Parse(reader.Read());
        var raw = Inflate(CollectImageData(ref reader), header);
        var pixels = Unfilter(raw, header);
        return (ToRgb(pixels, header), header.Width, header.Height);
    }

    private static byte[] CollectImageData(ref PngChunkReader reader)
    {
        using var data = new MemoryStream();
        for (var chunk = reader.Read(); chunk.Type != "IEND"; chunk = reader.Read())
        {
            switch (chunk.Type)
            {
                case "IDAT":
                    data.Write(chunk.Data);
                    break;
                case "IHDR":
                    throw new InvalidDataException("Corrupt PNG: a second IHDR chunk.");
                case "PLTE":
                    break; // a suggested palette for a true-colour image: not needed to read it
                default:
                    if (chunk.IsCritical)
                    {
                        throw new InvalidDataException($"PNG chunk {chunk.Type} is not supported.");
                    }

                    break;
            }
        }

        if (data.Length == 0)
        {
            throw new InvalidDataException("Corrupt PNG: there is no IDAT chunk with image data.");
        }

        return data.ToArray();
    }

    private static byte[] Inflate(byte[] compressed, PngHeader header)
    {
        var expected = header.Height * (header.Stride + 1);
        var raw = new byte[expected];
        int read;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            read = zlib.ReadAtLeast(raw, expected, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Corrupt PNG: the image data does not decompress ({e.Message}).", e);
        }

        if (read < expected)
        {
            throw new InvalidDataException($"Truncated PNG: the image data holds {read} of the {expected} bytes a {header.Width}x{header.Height} image needs.");
        }

        return raw;
    }

    // Each stored row is a filter-type byte followed by the filtered row.
    private static byte[] Unfilter(byte[] raw, PngHeader header)
    {
        var stride = header.Stride;
        var pixels = new byte[header.Height * stride];
        for (var y = 0; y < header.Height; y++)
        {
            var filter = raw[y * (stride + 1)];
            if (filter > PngFilter.Paeth)
            {
                throw new InvalidDataException($"Corrupt PNG: unknown filter type {filter} in row {y}.");
            }

            var row = pixels.AsSpan(y * stride, stride);
            raw.AsSpan((y * (stride + 1)) + 1, stride).CopyTo(row);
            var previous = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            PngFilter.Unfilter(filter, row, previous, header.BytesPerPixel);
        }

        return pixels;
    }

    private static byte[] ToRgb(byte[] pixels, PngHeader header)
    {
        if (header.ColorType == PngFormat.ColorTypeRgb)
        {
            return pixels;
        }

        var count = header.Width * header.Height;
        var rgb = new byte[count * 3];
        for (var i = 0; i < count; i++)
        {
            if (header.ColorType == PngFormat.ColorTypeGray)
            {
                rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = pixels[i];
                continue;
            }

            var alpha = pixels[(4 * i) + 3];
            for (var c = 0; c < 3; c++)
            {
                rgb[(3 * i) + c] = (byte)(((pixels[(4 * i) + c] * alpha) + 127) / 255);
            }
        }

        return rgb;
    }
}
