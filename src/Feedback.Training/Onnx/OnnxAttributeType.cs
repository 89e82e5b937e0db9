namespace Feedback.Training.Onnx;

/// <summary>The kinds of node attribute (AttributeProto.AttributeType); the values are ONNX's own.</summary>
public enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
    Strings = 8,
}
