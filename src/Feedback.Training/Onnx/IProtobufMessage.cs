namespace Feedback.Training.Onnx;

/// <summary>A message that can write its fields in protobuf wire format.</summary>
internal interface IProtobufMessage
{
    void WriteTo(ProtobufWriter writer);
}
