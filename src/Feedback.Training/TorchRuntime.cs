using System.Globalization;
using System.Reflection;
using TorchSharp;

namespace Feedback.Training;

/// <summary>Chooses the device TorchSharp computes on and describes the LibTorch it runs.</summary>
public static class TorchRuntime
{
    public const string DefaultDevice = "cpu";

    /// <summary>
    /// The device for "cpu" (also for null or empty), "cuda" or "cuda:N". CUDA must really be there:
    /// asking for it where it is not is an error, never a silent fall back to the CPU.
    /// </summary>
    public static torch.Device ResolveDevice(string? requested = DefaultDevice)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? DefaultDevice : requested.Trim().ToLowerInvariant();
        if (name == "cpu")
        {
            return torch.CPU;
        }

        if (name != "cuda" && !name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unknown device '{requested}': use cpu, cuda or cuda:N.", nameof(requested));
        }

        var index = 0;
        if (name.Length > "cuda".Length
            && !int.TryParse(name.AsSpan("cuda:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            throw new ArgumentException($"Unknown device '{requested}': use cpu, cuda or cuda:N.", nameof(requested));
        }

        if (!torch.cuda.is_available())
        {
            throw new InvalidOperationException(
                $"Device '{requested}' was asked for, but LibTorch sees no CUDA device. Use a machine with an NVIDIA GPU and a CUDA " +
                "LibTorch (build with -p:TorchBackend=cuda, or -p:TorchBackend=none with a CUDA LibTorch on the library path), or use cpu.");
        }

        var count = torch.cuda.device_count();
        if (index >= count)
        {
            throw new InvalidOperationException($"Device '{requested}' was asked for, but LibTorch sees {count} CUDA device(s).");
        }

        return torch.device(DeviceType.CUDA, index);
    }

    public static TorchRuntimeInfo Describe()
    {
        var cuda = torch.cuda.is_available();
        return new TorchRuntimeInfo(
            TorchSharpVersion: typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            LibTorchVersion: torch.__version__,
            CudaAvailable: cuda,
            CudaDeviceCount: cuda ? torch.cuda.device_count() : 0,
            CudnnAvailable: cuda && torch.cuda.is_cudnn_available(),
            CpuThreads: torch.get_num_threads());
    }
}
