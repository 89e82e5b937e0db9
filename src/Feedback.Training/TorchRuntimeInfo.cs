namespace Feedback.Training;

/// <summary>What <see cref="TorchRuntime.Describe"/> found: versions and the backends LibTorch can use here.</summary>
public sealed record TorchRuntimeInfo(
    string TorchSharpVersion,
    string LibTorchVersion,
    bool CudaAvailable,
    int CudaDeviceCount,
    bool CudnnAvailable,
    int CpuThreads)
{
    /// <summary>"cpu", then "cuda" and "cudnn" where available.</summary>
    public IReadOnlyList<string> Backends =>
        [
            "cpu",
            .. CudaAvailable ? ["cuda"] : Array.Empty<string>(),
            .. CudnnAvailable ? ["cudnn"] : Array.Empty<string>(),
        ];

    public override string ToString() =>
        $"TorchSharp {TorchSharpVersion}, LibTorch {LibTorchVersion}, backends {string.Join(", ", Backends)}" +
        (CudaAvailable ? $" ({CudaDeviceCount} CUDA device(s))" : "") + $", {CpuThreads} CPU threads";
}
