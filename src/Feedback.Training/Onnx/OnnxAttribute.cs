namespace Feedback.Training.Onnx;

/// <summary>A named node attribute of one of ONNX's attribute kinds (AttributeProto).</summary>
public sealed class OnnxAttribute : IProtobufMessage
{
    private const int NameField = 1;
    private const int FloatField = 2;
    private const int IntField = 3;
    private const int StringField = 4;
    private const int TensorField = 5;
    private const int GraphField = 6;
    private const int FloatsField = 7;
    private const int IntsField = 8;
    private const int StringsField = 9;
    private const int TypeField = 20;

    private readonly object _value;

    private OnnxAttribute(string name, OnnxAttributeType type, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Type = type;
        _value = value;
    }

    public string Name { get; }

    public OnnxAttributeType Type { get; }

    /// <summary>The value: float, long, string, <see cref="OnnxTensor"/>, <see cref="OnnxGraph"/>, or a read-only list of float, long or string.</summary>
    public object Value => _value;

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float, value);

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int, value);

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeType.String, value);

    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor, value);

    /// <summary>A subgraph, as the bodies of If, Loop and Scan take.</summary>
    public static OnnxAttribute Graph(string name, OnnxGraph value) => new(name, OnnxAttributeType.Graph, value);

    public static OnnxAttribute Floats(string name, IEnumerable<float> values) => new(name, OnnxAttributeType.Floats, values.ToArray());

    public static OnnxAttribute Ints(string name, IEnumerable<long> values) => new(name, OnnxAttributeType.Ints, values.ToArray());

    public static OnnxAttribute Strings(string name, IEnumerable<string> values) => new(name, OnnxAttributeType.Strings, values.ToArray());

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        writer.WriteString(NameField, Name);
        switch (_value)
        {
            case float f:
                writer.WriteFloat(FloatField, f);
                break;
            case long i:
                writer.WriteInt64(IntField, i);
                break;
            case string s:
                writer.WriteString(StringField, s);
                break;
            case OnnxTensor t:
                writer.WriteMessage(TensorField, t);
                break;
            case OnnxGraph g:
                writer.WriteMessage(GraphField, g);
                break;
            case float[] floats:
                foreach (var f in floats)
                {
                    writer.WriteFloat(FloatsField, f);
                }

                break;
            case long[] ints:
                foreach (var i in ints)
                {
                    writer.WriteInt64(IntsField, i);
                }

                break;
            case string[] strings:
                foreach (var s in strings)
                {
                    writer.WriteString(StringsField, s);
                }

                break;
        }

        writer.WriteInt64(TypeField, (long)Type);
    }
}
