using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Feedback.IntegrationTests.Projects;

/// <summary>Small, valid PNG files: one solid colour or any pattern, 8-bit RGB, each chunk with its CRC.</summary>
public static class TestPng
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static byte[] Solid(int width, int height, byte red, byte green = 0, byte blue = 0) =>
        Pattern(width, height, (_, _) => (red, green, blue));

    /// <summary>An image whose pixel at (x, y) is <paramref name="pixel"/>(x, y).</summary>
    public static byte[] Pattern(int width, int height, Func<int, int, (byte Red, byte Green, byte Blue)> pixel)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // RGB
        WriteChunk(png, "IHDR", header);

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + (width * 3)]; // filter type 0, then the pixels
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    (row[1 + (x * 3)], row[2 + (x * 3)], row[3 + (x * 3)]) = pixel(x, y);
                }

                zlib.Write(row);
            }
        }

        WriteChunk(png, "IDAT", pixels.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        png.Write(buffer);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typeAndData));
        png.Write(buffer);
    }

    private static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }
}
