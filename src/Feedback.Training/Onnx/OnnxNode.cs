namespace Feedback.Training.Onnx;

/// <summary>One operator call in a graph (NodeProto). The With methods add attributes and return the node, for chaining.</summary>
public sealed class OnnxNode : IProtobufMessage
{
    private const int InputField = 1;
    private const int OutputField = 2;
    private const int NameField = 3;
    private const int OpTypeField = 4;
    private const int AttributeField = 5;
    private const int DocStringField = 6;
    private const int DomainField = 7;

    private readonly List<OnnxAttribute> _attributes = [];

    /// <param name="inputs">Value names; an empty name leaves an optional input out.</param>
    /// <param name="domain">The operator set domain; empty for the default "ai.onnx".</param>
    public OnnxNode(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string name, string domain = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(domain);
        OpType = opType;
        Inputs = inputs.ToArray();
        Outputs = outputs.ToArray();
        Name = name;
        Domain = domain;
    }

    public string OpType { get; }

    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    public string Name { get; }

    public string Domain { get; }

    public string? DocString { get; set; }

    public IReadOnlyList<OnnxAttribute> Attributes => _attributes;

    public OnnxNode With(OnnxAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (_attributes.Exists(a => a.Name == attribute.Name))
        {
            throw new InvalidOperationException($"Node '{Name}' already has an attribute '{attribute.Name}'.");
        }

        _attributes.Add(attribute);
        return this;
    }

    public OnnxNode With(string name, float value) => With(OnnxAttribute.Float(name, value));

    public OnnxNode With(string name, long value) => With(OnnxAttribute.Int(name, value));

    public OnnxNode With(string name, string value) => With(OnnxAttribute.String(name, value));

    public OnnxNode With(string name, OnnxTensor value) => With(OnnxAttribute.Tensor(name, value));

    public OnnxNode With(string name, OnnxGraph value) => With(OnnxAttribute.Graph(name, value));

    public OnnxNode With(string name, IEnumerable<float> values) => With(OnnxAttribute.Floats(name, values));

    public OnnxNode With(string name, IEnumerable<long> values) => With(OnnxAttribute.Ints(name, values));

    public OnnxNode With(string name, IEnumerable<string> values) => With(OnnxAttribute.Strings(name, values));

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        foreach (var input in Inputs)
        {
            writer.WriteString(InputField, input);
        }

        foreach (var output in Outputs)
        {
            writer.WriteString(OutputField, output);
        }

        if (Name.Length > 0)
        {
            writer.WriteString(NameField, Name);
        }

        writer.WriteString(OpTypeField, OpType);
        foreach (var attribute in _attributes)
        {
            writer.WriteMessage(AttributeField, attribute);
        }

        if (!string.IsNullOrEmpty(DocString))
        {
            writer.WriteString(DocStringField, DocString);
        }

        if (Domain.Length > 0)
        {
            writer.WriteString(DomainField, Domain);
        }
    }
}
