using Microsoft.ML.OnnxRuntime;

namespace Feedback.Sampling;

/// <summary>An open ONNX Runtime session, the device it really runs on, and why that is not the device asked for.</summary>
public sealed class OnnxSession : IDisposable
{
    private readonly SessionOptions _options;

    internal OnnxSession(InferenceSession session, SessionOptions options, InferenceDevice device, string? fallbackReason)
    {
        Session = session;
        _options = options;
        Device = device;
        FallbackReason = fallbackReason;
    }

    public InferenceSession Session { get; }

    public InferenceDevice Device { get; }

    /// <summary>Null when the session runs where it was asked to; otherwise why it runs on the CPU instead.</summary>
    public string? FallbackReason { get; }

    public void Dispose()
    {
        Session.Dispose();
        _options.Dispose();
    }
}
