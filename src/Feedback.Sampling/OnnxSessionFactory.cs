using Microsoft.ML.OnnxRuntime;

namespace Feedback.Sampling;

/// <summary>
/// Opens ONNX Runtime sessions over model files: on CUDA where this build carries the CUDA ONNX Runtime
/// (-p:OnnxRuntimeBackend=cuda) and a GPU answers, otherwise on the CPU with the reason recorded.
/// </summary>
public static class OnnxSessionFactory
{
    private const string CudaExecutionProvider = "CUDAExecutionProvider";

#if ONNXRUNTIME_CUDA
    public static bool BuiltWithCuda => true;
#else
    public static bool BuiltWithCuda => false;
#endif

    /// <summary>CUDA in a CUDA build, the CPU otherwise.</summary>
    public static InferenceDevice DefaultDevice => BuiltWithCuda ? InferenceDevice.Cuda : InferenceDevice.Cpu;

    /// <param name="device">Where to run; null for <see cref="DefaultDevice"/>. CUDA falls back to the CPU when unavailable.</param>
    public static OnnxSession Create(string modelPath, InferenceDevice? device = null, int cudaDeviceId = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"No ONNX model at '{modelPath}'.", modelPath);
        }

        string? fallbackReason = null;
        if ((device ?? DefaultDevice) == InferenceDevice.Cuda)
        {
            var cuda = TryCreateOnCuda(modelPath, cudaDeviceId, out fallbackReason);
            if (cuda is not null)
            {
                return cuda;
            }
        }

        var options = new SessionOptions();
        try
        {
            return new OnnxSession(new InferenceSession(modelPath, options), options, InferenceDevice.Cpu, fallbackReason);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private static OnnxSession? TryCreateOnCuda(string modelPath, int cudaDeviceId, out string? fallbackReason)
    {
        if (!BuiltWithCuda)
        {
            fallbackReason = "CUDA was asked for, but this build carries the CPU ONNX Runtime (build with -p:OnnxRuntimeBackend=cuda).";
            return null;
        }

        if (!OrtEnv.Instance().GetAvailableProviders().Contains(CudaExecutionProvider))
        {
            fallbackReason = $"CUDA was asked for, but ONNX Runtime lists no {CudaExecutionProvider}.";
            return null;
        }

        var options = new SessionOptions();
        try
        {
            options.AppendExecutionProvider_CUDA(cudaDeviceId);
            fallbackReason = null;
            return new OnnxSession(new InferenceSession(modelPath, options), options, InferenceDevice.Cuda, null);
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            fallbackReason = $"CUDA was asked for, but ONNX Runtime could not use CUDA device {cudaDeviceId}: {e.Message}";
            return null;
        }
    }
}
