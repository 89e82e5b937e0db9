namespace Feedback.Sampling;

/// <summary>Where ONNX Runtime runs a model.</summary>
public enum InferenceDevice
{
    Cpu,
    Cuda,
}
