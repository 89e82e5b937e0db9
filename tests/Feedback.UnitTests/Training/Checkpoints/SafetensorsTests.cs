using System.Buffers.Binary;
using System.Text;
using Feedback.Training.Checkpoints;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Checkpoints;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("safetensors").FullName;

    private string FilePath => Path.Combine(_folder, "weights.safetensors");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Written_tensors_read_back_with_names_shapes_values_and_metadata()
    {
        using var scope = NewDisposeScope();
        var matrix = arange(0, 6, ScalarType.Float32).view(2, 3);
        var vector = tensor(new float[] { -1.5f, float.Epsilon, 3e38f });

        Safetensors.Write(FilePath, new Dictionary<string, Tensor> { ["b.matrix"] = matrix, ["a.vector"] = vector }, new Dictionary<string, string> { ["format"] = "pt" });
        var read = Safetensors.Read(FilePath);
        var header = Safetensors.ReadHeader(FilePath);

        read.Keys.ShouldBe(["a.vector", "b.matrix"], ignoreOrder: true);
        read["b.matrix"].shape.ShouldBe([2L, 3L]);
        read["b.matrix"].data<float>().ToArray().ShouldBe([0f, 1, 2, 3, 4, 5]);
        read["a.vector"].data<float>().ToArray().ShouldBe([-1.5f, float.Epsilon, 3e38f]);
        header.Metadata["format"].ShouldBe("pt");
        (header.DataStart % 8).ShouldBe(0);
        header.Entries.Select(e => (e.Name, e.DataType, e.Begin, e.End)).ShouldBe([("a.vector", "F32", 0L, 12L), ("b.matrix", "F32", 12L, 36L)]);
    }

    [Fact]
    public void Half_and_bfloat16_tensors_are_read_as_float32()
    {
        var half = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(half, BitConverter.HalfToUInt16Bits((Half)1.5f));
        BinaryPrimitives.WriteUInt16LittleEndian(half.AsSpan(2), BitConverter.HalfToUInt16Bits((Half)(-0.25f)));
        var bfloat = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bfloat, (ushort)(BitConverter.SingleToUInt32Bits(3.0f) >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(bfloat.AsSpan(2), (ushort)(BitConverter.SingleToUInt32Bits(-1024f) >> 16));
        WriteRaw("""{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1,2],"data_offsets":[4,8]}}""", [.. half, .. bfloat]);

        using var scope = NewDisposeScope();
        var read = Safetensors.Read(FilePath);

        read["h"].dtype.ShouldBe(ScalarType.Float32);
        read["h"].data<float>().ToArray().ShouldBe([1.5f, -0.25f]);
        read["b"].shape.ShouldBe([1L, 2L]);
        read["b"].data<float>().ToArray().ShouldBe([3f, -1024f]);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "truncated: tensor 'w' ends at data byte 8 but the file holds 4")]
    [InlineData("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "tensor 'w' of shape [3] F32 needs 12 bytes but data_offsets give 8")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "tensors 'a' and 'b' overlap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "bytes 0 to 4 before tensor 'a' belong to no tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8, "4 bytes after the last tensor belong to no tensor")]
    [InlineData("""{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", 8, "tensor 'a' is I64; only F32, F16 and BF16 are read")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}""", 8, "data_offsets that are not 0 <= begin <= end")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", 4, "tensor 'a' lacks dtype, shape or a [begin, end] data_offsets")]
    [InlineData("""{"a": nonsense""", 4, "the header is not valid JSON")]
    [InlineData("""[1, 2]""", 0, "the header is not a JSON object")]
    public void A_damaged_header_is_refused_with_the_reason(string header, int dataBytes, string reason)
    {
        WriteRaw(header, new byte[dataBytes]);

        var error = Should.Throw<InvalidDataException>(() => Safetensors.Read(FilePath));

        error.Message.ShouldContain("is not a valid safetensors file");
        error.Message.ShouldContain(reason);
        error.Message.ShouldContain(FilePath);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_refused()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(FilePath, bytes);

        Should.Throw<InvalidDataException>(() => Safetensors.Read(FilePath)).Message
            .ShouldContain("the header length 1000 does not fit a file of 16 bytes");
    }

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_refused()
    {
        File.WriteAllBytes(FilePath, [1, 2, 3]);

        Should.Throw<InvalidDataException>(() => Safetensors.Read(FilePath)).Message
            .ShouldContain("shorter than the 8-byte header length");
    }

    private void WriteRaw(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var prefix = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(prefix, json.Length);
        File.WriteAllBytes(FilePath, [.. prefix, .. json, .. data]);
    }
}
