namespace Feedback.Training.Onnx;

/// <summary>The name, element type and shape of a graph input, output or intermediate value (ValueInfoProto).</summary>
public sealed class OnnxValueInfo : IProtobufMessage
{
    private const int NameField = 1;
    private const int TypeField = 2;
    private const int TypeTensorTypeField = 1;
    private const int TensorElemTypeField = 1;
    private const int TensorShapeField = 2;
    private const int ShapeDimField = 1;

    /// <param name="shape">The dimensions, or null where even the rank is unknown.</param>
    public OnnxValueInfo(string name, OnnxDataType elementType, IReadOnlyList<OnnxDimension>? shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        ElementType = elementType;
        Shape = shape?.ToArray();
    }

    public string Name { get; }

    public OnnxDataType ElementType { get; }

    public IReadOnlyList<OnnxDimension>? Shape { get; }

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        writer.WriteString(NameField, Name);
        writer.WriteMessage(TypeField, w => w.WriteMessage(TypeTensorTypeField, WriteTensorType));
    }

    private void WriteTensorType(ProtobufWriter writer)
    {
        writer.WriteInt64(TensorElemTypeField, (long)ElementType);
        if (Shape is not null)
        {
            writer.WriteMessage(TensorShapeField, w =>
            {
                foreach (var dimension in Shape)
                {
                    w.WriteMessage(ShapeDimField, dimension);
                }
            });
        }
    }
}
