using Feedback.Training.Onnx;

namespace Feedback.UnitTests.Training;

public sealed class OnnxModelWriterTests
{
    [Theory]
    [InlineData(0L, new byte[] { 0x08, 0x00 })]
    [InlineData(150L, new byte[] { 0x08, 0x96, 0x01 })]
    [InlineData(-1L, new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Varint_fields_use_protobuf_encoding_with_ten_bytes_for_negative_values(long value, byte[] expected)
    {
        Write(w => w.WriteInt64(1, value)).ShouldBe(expected);
    }

    [Fact]
    public void Floats_are_fixed32_little_endian_and_strings_are_length_delimited_utf8()
    {
        Write(w => w.WriteFloat(2, 1f)).ShouldBe([0x15, 0x00, 0x00, 0x80, 0x3F]);
        Write(w => w.WriteString(20, "é")).ShouldBe([0xA2, 0x01, 0x02, 0xC3, 0xA9]);
    }

    [Fact]
    public void A_nested_message_is_prefixed_with_its_length()
    {
        Write(w => w.WriteMessage(8, new OnnxOperatorSet("", 17))).ShouldBe([0x42, 0x04, 0x0A, 0x00, 0x10, 0x11]);
    }

    [Fact]
    public void A_model_is_written_field_by_field_as_onnx_proto_numbers_them()
    {
        var graph = new OnnxGraph("g");
        graph.AddInput("x", OnnxDataType.Float, ["n", 2]);
        graph.AddNode("Relu", ["x"], ["y"], name: "r");
        graph.AddOutput("y", OnnxDataType.Float, null);
        var model = new OnnxModel(graph) { ProducerName = "p", ProducerVersion = null };

        byte[] valueInfoX =
        [
            0x0A, 0x01, (byte)'x', // name
            0x12, 0x0F, // type
            0x0A, 0x0D, // tensor_type
            0x08, 0x01, // elem_type FLOAT
            0x12, 0x09, // shape
            0x0A, 0x03, 0x12, 0x01, (byte)'n', // dim_param "n"
            0x0A, 0x02, 0x08, 0x02, // dim_value 2
        ];
        byte[] valueInfoY = [0x0A, 0x01, (byte)'y', 0x12, 0x04, 0x0A, 0x02, 0x08, 0x01];
        byte[] node = [0x0A, 0x01, (byte)'x', 0x12, 0x01, (byte)'y', 0x1A, 0x01, (byte)'r', 0x22, 0x04, .. "Relu"u8];
        byte[] graphBytes =
        [
            0x0A, (byte)node.Length, .. node,
            0x12, 0x01, (byte)'g',
            0x5A, (byte)valueInfoX.Length, .. valueInfoX,
            0x62, (byte)valueInfoY.Length, .. valueInfoY,
        ];
        byte[] expected =
        [
            0x08, 0x08, // ir_version 8
            0x12, 0x01, (byte)'p', // producer_name
            0x3A, (byte)graphBytes.Length, .. graphBytes,
            0x42, 0x04, 0x0A, 0x00, 0x10, 0x11, // opset_import { domain "", version 17 }
        ];

        model.ToArray().ShouldBe(expected);
    }

    [Fact]
    public void Initializers_carry_dims_type_name_and_little_endian_raw_data()
    {
        var tensor = OnnxTensor.FromInt64s("a", [2], [1L, -2L]);

        Write(w => w.WriteMessage(5, tensor)).ShouldBe(
        [
            0x2A, 0x19,
            0x08, 0x02, // dims
            0x10, 0x07, // data_type INT64
            0x42, 0x01, (byte)'a', // name
            0x4A, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // raw_data
        ]);
    }

    [Fact]
    public void Attributes_of_every_kind_record_their_type()
    {
        var node = new OnnxNode("Op", [], [], "n")
            .With("f", 0.5f).With("i", 3).With("s", "v").With("fs", [1f]).With("is", [4L, 5L])
            .With("ss", ["a"]).With("t", OnnxTensor.FromFloats("", [], [1f])).With("g", new OnnxGraph("body"));

        node.Attributes.Select(a => a.Type).ShouldBe(
        [
            OnnxAttributeType.Float, OnnxAttributeType.Int, OnnxAttributeType.String, OnnxAttributeType.Floats,
            OnnxAttributeType.Ints, OnnxAttributeType.Strings, OnnxAttributeType.Tensor, OnnxAttributeType.Graph,
        ]);
        Write(w => w.WriteMessage(5, OnnxAttribute.Ints("perm", [1, 0]))).ShouldBe(
            [0x2A, 0x0D, 0x0A, 0x04, .. "perm"u8, 0x40, 0x01, 0x40, 0x00, 0xA0, 0x01, 0x07]);
    }

    [Fact]
    public void A_tensor_whose_data_does_not_fill_its_shape_is_rejected()
    {
        Should.Throw<ArgumentException>(() => OnnxTensor.FromFloats("w", [2, 3], [1f, 2f]));
    }

    [Fact]
    public void Node_names_are_made_unique_and_duplicates_refused()
    {
        var graph = new OnnxGraph("g");

        graph.AddNode("Relu", ["a"], ["b"]).Name.ShouldBe("Relu_0");
        graph.AddNode("Relu", ["b"], ["c"]).Name.ShouldBe("Relu_1");
        Should.Throw<InvalidOperationException>(() => graph.AddNode("Relu", ["c"], ["d"], name: "Relu_0"));
    }

    [Fact]
    public void Importing_an_opset_again_replaces_its_version()
    {
        var model = new OnnxModel(new OnnxGraph("g")).ImportOpset("", 18).ImportOpset("com.microsoft", 1);

        model.OpsetImports.ShouldBe([new OnnxOperatorSet("", 18), new OnnxOperatorSet("com.microsoft", 1)]);
        model.IrVersion.ShouldBe(OnnxModel.DefaultIrVersion);
    }

    private static byte[] Write(Action<ProtobufWriter> write)
    {
        using var buffer = new MemoryStream();
        write(new ProtobufWriter(buffer));
        return buffer.ToArray();
    }
}
