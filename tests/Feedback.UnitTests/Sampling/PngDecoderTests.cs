using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Feedback.Sampling.Imaging;

namespace Feedback.UnitTests.Sampling;

public sealed class PngDecoderTests
{
    [Fact]
    public void A_gray_image_decodes_to_rgb_with_each_value_in_all_three_channels()
    {
        var png = HandMadePng.Build(3, 2, colorType: 0, [[0, 10, 20, 30], [0, 200, 100, 255]]);

        var (rgb, width, height) = PngDecoder.DecodeRgb(png);

        (width, height).ShouldBe((3, 2));
        rgb.ShouldBe(new byte[] { 10, 10, 10, 20, 20, 20, 30, 30, 30, 200, 200, 200, 100, 100, 100, 255, 255, 255 });
    }

    [Fact]
    public void An_rgba_image_is_composited_onto_black()
    {
        byte[] row = [0, 200, 100, 50, 255, 200, 100, 50, 0, 255, 255, 255, 128];
        var png = HandMadePng.Build(3, 1, colorType: 6, [row]);

        var (rgb, _, _) = PngDecoder.DecodeRgb(png);

        rgb.ShouldBe(new byte[] { 200, 100, 50, 0, 0, 0, 128, 128, 128 });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_filter_type_is_reversed(byte filter)
    {
        var pixels = HandMadePng.Gradient(7, 5);
        var rows = Enumerable.Range(0, 5).Select(y => HandMadePng.FilterRow(pixels, 7 * 3, y, filter)).ToArray();

        var (rgb, _, _) = PngDecoder.DecodeRgb(HandMadePng.Build(7, 5, colorType: 2, rows));

        rgb.ShouldBe(pixels);
    }

    [Fact]
    public void Image_data_split_over_several_chunks_and_unknown_ancillary_chunks_are_read()
    {
        var pixels = HandMadePng.Gradient(4, 4);
        var rows = Enumerable.Range(0, 4).Select(y => HandMadePng.FilterRow(pixels, 12, y, (byte)(y % 5))).ToArray();

        var png = HandMadePng.Build(4, 4, colorType: 2, rows, splitImageData: true, textChunk: true);

        PngDecoder.DecodeRgb(png).Rgb.ShouldBe(pixels);
    }

    [Fact]
    public void The_size_is_read_from_the_header_alone()
    {
        var png = HandMadePng.Build(5, 3, colorType: 0, Enumerable.Repeat(new byte[6], 3).ToArray());

        PngDecoder.ReadSize(png.AsSpan(0, 33)).ShouldBe((5, 3));
        PngDecoder.IsPng(png).ShouldBeTrue();
        PngDecoder.IsPng("GIF89a.."u8).ShouldBeFalse();
        PngDecoder.IsPng([]).ShouldBeFalse();
    }

    [Fact]
    public void A_file_without_the_signature_is_not_a_png()
    {
        var error = Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(Encoding.ASCII.GetBytes("<html>not an image</html>")));
        error.Message.ShouldContain("not a PNG file", Case.Insensitive);
    }

    [Fact]
    public void A_bad_crc_names_the_chunk()
    {
        var png = HandMadePng.Build(2, 2, colorType: 2, Enumerable.Repeat(new byte[7], 2).ToArray());
        png[20] ^= 0xFF; // inside IHDR's width

        var error = Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(png));
        error.Message.ShouldContain("bad CRC in chunk IHDR", Case.Insensitive);
    }

    [Fact]
    public void A_file_cut_short_anywhere_is_reported_and_never_read_past_its_end()
    {
        var png = HandMadePng.Build(6, 6, colorType: 2, Enumerable.Range(0, 6).Select(y => HandMadePng.FilterRow(HandMadePng.Gradient(6, 6), 18, y, 4)).ToArray());

        for (var length = 0; length < png.Length; length++)
        {
            var cut = png[..length];
            Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(cut));
        }

        Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(png[..(png.Length - 20)])).Message.ShouldContain("truncated", Case.Insensitive);
    }

    [Fact]
    public void Image_data_that_ends_early_is_truncated()
    {
        var png = HandMadePng.Build(4, 4, colorType: 2, Enumerable.Repeat(new byte[13], 2).ToArray());

        Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(png)).Message.ShouldContain("truncated", Case.Insensitive);
    }

    [Theory]
    [InlineData(8, 2, 1, "interlaced PNGs are not supported")]
    [InlineData(16, 2, 0, "bit depth 16")]
    [InlineData(8, 3, 0, "colour type 3")]
    [InlineData(8, 4, 0, "colour type 4")]
    public void Unsupported_formats_say_what_is_unsupported(byte bitDepth, byte colorType, byte interlace, string reason)
    {
        var png = HandMadePng.Build(2, 2, colorType, Enumerable.Repeat(new byte[7], 2).ToArray(), bitDepth: bitDepth, interlace: interlace);

        Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(png)).Message.ShouldContain(reason, Case.Insensitive);
    }

    [Theory]
    [InlineData(5000, 10)]
    [InlineData(10, 5000)]
    [InlineData(0, 10)]
    public void Sizes_beyond_the_limit_are_refused_before_any_pixel_is_read(int width, int height)
    {
        var png = HandMadePng.Build(width, height, colorType: 2, [], bitDepth: 8);

        Should.Throw<InvalidDataException>(() => PngDecoder.ReadSize(png)).Message.ShouldContain("outside the supported range");
        Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(png));
    }

    [Fact]
    public void An_unknown_filter_type_names_the_row()
    {
        var png = HandMadePng.Build(1, 2, colorType: 0, [[0, 5], [7, 5]]);

        Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(png)).Message.ShouldContain("filter type 7 in row 1");
    }

    [Fact]
    public void Image_data_that_is_not_zlib_is_corrupt()
    {
        var png = HandMadePng.Build(2, 2, colorType: 0, [], rawImageData: [1, 2, 3, 4, 5, 6, 7, 8]);

        Should.Throw<InvalidDataException>(() => PngDecoder.DecodeRgb(png)).Message.ShouldContain("corrupt", Case.Insensitive);
    }
}

/// <summary>PNG files written by hand, byte by byte, independently of <see cref="PngEncoder"/>.</summary>
internal static class HandMadePng
{
    public static byte[] Build(
        int width,
        int height,
        byte colorType,
        byte[][] rows,
        byte bitDepth = 8,
        byte interlace = 0,
        bool splitImageData = false,
        bool textChunk = false,
        byte[]? rawImageData = null)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9], header[12]) = (bitDepth, colorType, interlace);

        var data = rawImageData ?? Deflate(rows.SelectMany(r => r).ToArray());
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        png.Write(Chunk("IHDR", header));
        if (textChunk)
        {
            png.Write(Chunk("tEXt", Encoding.ASCII.GetBytes("Comment\0made by hand")));
        }

        var half = splitImageData ? data.Length / 2 : data.Length;
        png.Write(Chunk("IDAT", data[..half]));
        if (splitImageData)
        {
            png.Write(Chunk("IDAT", data[half..]));
        }

        png.Write(Chunk("IEND", []));
        return png.ToArray();
    }

    public static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[data.Length + 12];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    // The bitwise form of the CRC-32 that PNG uses, slow and plainly correct.
    public static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    public static byte[] Inflate(byte[] compressed)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            zlib.CopyTo(output);
        }

        return output.ToArray();
    }

    /// <summary>RGB pixels that change smoothly and wrap around, so every filter has work to do.</summary>
    public static byte[] Gradient(int width, int height) =>
        Enumerable.Range(0, width * height * 3).Select(i => (byte)((i * 37) + ((i / (width * 3)) * 91))).ToArray();

    /// <summary>Row <paramref name="y"/> of 3-byte pixels, filtered as the PNG specification says, with its filter byte in front.</summary>
    public static byte[] FilterRow(byte[] pixels, int stride, int y, byte filter)
    {
        var row = new byte[stride + 1];
        row[0] = filter;
        for (var i = 0; i < stride; i++)
        {
            int At(int yy, int ii) => yy < 0 || ii < 0 ? 0 : pixels[(yy * stride) + ii];
            int a = At(y, i - 3), b = At(y - 1, i), c = At(y - 1, i - 3);
            var p = a + b - c;
            var paeth = Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c;
            var prediction = filter switch { 1 => a, 2 => b, 3 => (a + b) / 2, 4 => paeth, _ => 0 };
            row[i + 1] = (byte)(At(y, i) - prediction);
        }

        return row;
    }

    private static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }
}
