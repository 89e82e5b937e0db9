namespace Feedback.Training.Onnx;

/// <summary>Element types of ONNX tensors (TensorProto.DataType); the values are ONNX's own.</summary>
public enum OnnxDataType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
}
