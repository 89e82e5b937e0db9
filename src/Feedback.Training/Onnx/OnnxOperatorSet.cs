namespace Feedback.Training.Onnx;

/// <summary>An operator set the model imports (OperatorSetIdProto); the empty domain is the default "ai.onnx".</summary>
public sealed record OnnxOperatorSet(string Domain, long Version) : IProtobufMessage
{
    private const int DomainField = 1;
    private const int VersionField = 2;

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        writer.WriteString(DomainField, Domain);
        writer.WriteInt64(VersionField, Version);
    }
}
