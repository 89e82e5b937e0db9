using System.Reflection;

namespace Feedback.Training.Onnx;

/// <summary>
/// An ONNX model (ModelProto): a graph plus the IR version and operator sets it is written against.
/// Written by hand in protobuf wire format; ONNX Runtime is the judge of whether a model is right.
/// </summary>
public sealed class OnnxModel : IProtobufMessage
{
    /// <summary>IR version 8 is the one ONNX 1.12 wrote together with opset 17.</summary>
    public const long DefaultIrVersion = 8;

    public const long DefaultOpsetVersion = 17;

    private const int IrVersionField = 1;
    private const int ProducerNameField = 2;
    private const int ProducerVersionField = 3;
    private const int DomainField = 4;
    private const int ModelVersionField = 5;
    private const int DocStringField = 6;
    private const int GraphField = 7;
    private const int OpsetImportField = 8;

    // Protobuf parsers refuse messages of 2 GiB or more; bigger models need ONNX's external data files.
    private const long MaxSerializedBytes = int.MaxValue;

    private readonly List<OnnxOperatorSet> _opsetImports = [];

    public OnnxModel(OnnxGraph graph, long opsetVersion = DefaultOpsetVersion)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        ImportOpset("", opsetVersion);
    }

    public OnnxGraph Graph { get; }

    public long IrVersion { get; set; } = DefaultIrVersion;

    public string ProducerName { get; set; } = "Feedback";

    public string? ProducerVersion { get; set; } =
        typeof(OnnxModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    /// <summary>Reverse-DNS name of the model's namespace; optional.</summary>
    public string? Domain { get; set; }

    public long ModelVersion { get; set; }

    public string? DocString { get; set; }

    public IReadOnlyList<OnnxOperatorSet> OpsetImports => _opsetImports;

    /// <summary>Imports an operator set, or changes the version of one already imported; the empty domain is "ai.onnx".</summary>
    public OnnxModel ImportOpset(string domain, long version)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        _opsetImports.RemoveAll(o => o.Domain == domain);
        _opsetImports.Add(new OnnxOperatorSet(domain, version));
        return this;
    }

    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = ProtobufWriter.Measure(this);
        if (size >= MaxSerializedBytes)
        {
            throw new NotSupportedException(
                $"The model needs {size} bytes; ONNX models of 2 GiB or more need external data, which this writer does not produce.");
        }

        ((IProtobufMessage)this).WriteTo(new ProtobufWriter(output));
    }

    public void Save(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        WriteTo(file);
    }

    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        writer.WriteInt64(IrVersionField, IrVersion);
        writer.WriteString(ProducerNameField, ProducerName);
        if (!string.IsNullOrEmpty(ProducerVersion))
        {
            writer.WriteString(ProducerVersionField, ProducerVersion);
        }

        if (!string.IsNullOrEmpty(Domain))
        {
            writer.WriteString(DomainField, Domain);
        }

        if (ModelVersion != 0)
        {
            writer.WriteInt64(ModelVersionField, ModelVersion);
        }

        if (!string.IsNullOrEmpty(DocString))
        {
            writer.WriteString(DocStringField, DocString);
        }

        writer.WriteMessage(GraphField, Graph);
        foreach (var opset in _opsetImports)
        {
            writer.WriteMessage(OpsetImportField, opset);
        }
    }
}
