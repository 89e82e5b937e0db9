namespace Feedback.Training.Onnx;

/// <summary>
/// A computation graph (GraphProto) built up node by node: inputs, initializers (the weights), nodes in
/// topological order, and outputs. Values are connected by name.
/// </summary>
public sealed class OnnxGraph : IProtobufMessage
{
    private const int NodeField = 1;
    private const int NameField = 2;
    private const int InitializerField = 5;
    private const int DocStringField = 10;
    private const int InputField = 11;
    private const int OutputField = 12;
    private const int ValueInfoField = 13;

    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly List<OnnxValueInfo> _valueInfo = [];
    private readonly HashSet<string> _nodeNames = [];

    public OnnxGraph(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    public string Name { get; }

    public string? DocString { get; set; }

    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    public IReadOnlyList<OnnxValueInfo> Inputs => _inputs;

    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    /// <summary>Types and shapes of intermediate values, where they help a reader or the runtime.</summary>
    public IReadOnlyList<OnnxValueInfo> ValueInfo => _valueInfo;

    /// <summary>Adds a node; without a name it gets one made of its operator and position, such as "Gemm_0".</summary>
    public OnnxNode AddNode(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string? name = null, string domain = "")
    {
        name ??= $"{opType}_{_nodes.Count}";
        if (!_nodeNames.Add(name))
        {
            throw new InvalidOperationException($"Graph '{Name}' already has a node named '{name}'.");
        }

        var node = new OnnxNode(opType, inputs, outputs, name, domain);
        _nodes.Add(node);
        return node;
    }

    public OnnxTensor AddInitializer(OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentException.ThrowIfNullOrEmpty(tensor.Name, nameof(tensor));
        _initializers.Add(tensor);
        return tensor;
    }

    /// <param name="shape">Each dimension a size or a symbolic name (["batch", 3]); null where even the rank is unknown.</param>
    public OnnxValueInfo AddInput(string name, OnnxDataType elementType, IReadOnlyList<OnnxDimension>? shape) =>
        Add(_inputs, new OnnxValueInfo(name, elementType, shape));

    /// <param name="shape">Each dimension a size or a symbolic name (["batch", 3]); null where even the rank is unknown.</param>
    public OnnxValueInfo AddOutput(string name, OnnxDataType elementType, IReadOnlyList<OnnxDimension>? shape) =>
        Add(_outputs, new OnnxValueInfo(name, elementType, shape));

    public OnnxValueInfo AddValueInfo(string name, OnnxDataType elementType, IReadOnlyList<OnnxDimension>? shape) =>
        Add(_valueInfo, new OnnxValueInfo(name, elementType, shape));

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        foreach (var node in _nodes)
        {
            writer.WriteMessage(NodeField, node);
        }

        writer.WriteString(NameField, Name);
        foreach (var initializer in _initializers)
        {
            writer.WriteMessage(InitializerField, initializer);
        }

        if (!string.IsNullOrEmpty(DocString))
        {
            writer.WriteString(DocStringField, DocString);
        }

        foreach (var input in _inputs)
        {
            writer.WriteMessage(InputField, input);
        }

        foreach (var output in _outputs)
        {
            writer.WriteMessage(OutputField, output);
        }

        foreach (var info in _valueInfo)
        {
            writer.WriteMessage(ValueInfoField, info);
        }
    }

    private static OnnxValueInfo Add(List<OnnxValueInfo> list, OnnxValueInfo info)
    {
        list.Add(info);
        return info;
    }
}
