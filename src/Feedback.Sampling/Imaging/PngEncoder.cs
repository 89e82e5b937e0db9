using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Feedback.Sampling.Imaging;

/// <summary>Writes 8-bit RGB images as PNG files: one IDAT chunk, each row filtered with whichever filter makes it smallest.</summary>
public static class PngEncoder
{
    private static readonly byte[] Candidates = [PngFilter.None, PngFilter.Sub, PngFilter.Up, PngFilter.Paeth];

    /// <param name="rgb">Row-major pixels, three bytes (red, green, blue) each: width * height * 3 bytes.</param>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = (long)width * 3;
        if (stride * height != rgb.Length)
        {
            throw new ArgumentException($"A {width}x{height} RGB image needs {stride * height} bytes, got {rgb.Length}.", nameof(rgb));
        }

        using var png = new MemoryStream();
        png.Write(PngFormat.Signature);
        WriteChunk(png, "IHDR", Header(width, height));
        WriteChunk(png, "IDAT", Compress(rgb, (int)stride, height));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Header(int width, int height)
    {
        var header = new byte[PngFormat.HeaderDataLength];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = PngFormat.ColorTypeRgb;
        return header;
    }

    private static byte[] Compress(ReadOnlySpan<byte> rgb, int stride, int height)
    {
        var zeros = new byte[stride];
        var best = new byte[stride];
        var trial = new byte[stride];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                var row = rgb.Slice(y * stride, stride);
                var previous = y == 0 ? zeros : rgb.Slice((y - 1) * stride, stride);
                var bestFilter = PngFilter.None;
                var bestCost = long.MaxValue;
                foreach (var filter in Candidates)
                {
                    PngFilter.Apply(filter, row, previous, 3, trial);
                    var cost = Cost(trial);
                    if (cost < bestCost)
                    {
                        bestCost = cost;
                        bestFilter = filter;
                        (best, trial) = (trial, best);
                    }
                }

                zlib.WriteByte(bestFilter);
                zlib.Write(best);
            }
        }

        return compressed.ToArray();
    }

    // The usual heuristic: filtered bytes read as signed values, the smaller their absolute sum the better they compress.
    private static long Cost(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (var b in filtered)
        {
            sum += Math.Abs((int)(sbyte)b);
        }

        return sum;
    }

    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeBytes, data));
        png.Write(word);
    }
}
