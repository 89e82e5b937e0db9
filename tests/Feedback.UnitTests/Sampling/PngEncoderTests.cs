using System.Buffers.Binary;
using System.Text;
using Feedback.Sampling.Imaging;

namespace Feedback.UnitTests.Sampling;

public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(17, 9)]
    [InlineData(31, 33)]
    [InlineData(64, 1)]
    [InlineData(1, 40)]
    public void Random_images_of_odd_sizes_round_trip(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        new Random((width * 1000) + height).NextBytes(rgb);

        var (decoded, decodedWidth, decodedHeight) = PngDecoder.DecodeRgb(PngEncoder.EncodeRgb(rgb, width, height));

        (decodedWidth, decodedHeight).ShouldBe((width, height));
        decoded.ShouldBe(rgb);
    }

    [Fact]
    public void Smooth_images_round_trip_and_compress_well()
    {
        var rgb = HandMadePng.Gradient(48, 40);

        var png = PngEncoder.EncodeRgb(rgb, 48, 40);

        PngDecoder.DecodeRgb(png).Rgb.ShouldBe(rgb);
        png.Length.ShouldBeLessThan(rgb.Length / 4);
    }

    [Fact]
    public void The_file_is_a_signature_an_rgb_header_image_data_and_an_end_each_with_a_correct_crc()
    {
        var rgb = HandMadePng.Gradient(5, 7);

        var png = PngEncoder.EncodeRgb(rgb, 5, 7);

        png[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var chunks = ReadChunks(png);
        chunks.Select(c => c.Type).ShouldBe(["IHDR", "IDAT", "IEND"]);
        chunks.ShouldAllBe(c => c.CrcMatches);

        var header = chunks[0].Data;
        header.Length.ShouldBe(13);
        BinaryPrimitives.ReadInt32BigEndian(header).ShouldBe(5);
        BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)).ShouldBe(7);
        header[8..].ShouldBe(new byte[] { 8, 2, 0, 0, 0 });
        chunks[2].Data.ShouldBeEmpty();
    }

    [Fact]
    public void Each_row_of_image_data_starts_with_a_valid_filter_type()
    {
        var png = PngEncoder.EncodeRgb(HandMadePng.Gradient(6, 4), 6, 4);

        var raw = HandMadePng.Inflate(ReadChunks(png)[1].Data);

        raw.Length.ShouldBe(4 * ((6 * 3) + 1));
        Enumerable.Range(0, 4).Select(y => raw[y * 19]).ShouldAllBe(filter => filter <= 4);
    }

    [Fact]
    public void The_pixel_buffer_must_match_the_size()
    {
        Should.Throw<ArgumentException>(() => PngEncoder.EncodeRgb(new byte[10], 2, 2)).Message.ShouldContain("needs 12 bytes");
        Should.Throw<ArgumentOutOfRangeException>(() => PngEncoder.EncodeRgb([], 0, 2));
    }

    private static List<(string Type, byte[] Data, bool CrcMatches)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[], bool)>();
        for (var position = 8; position < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var type = Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png[(position + 8)..(position + 8 + length)];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            chunks.Add((type, data, crc == HandMadePng.Crc(png.AsSpan(position + 4, 4 + length))));
            position += 12 + length;
        }

        return chunks;
    }
}
