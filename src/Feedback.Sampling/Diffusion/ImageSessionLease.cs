namespace Feedback.Sampling.Diffusion;

/// <summary>The right to draw with one cached <see cref="DiffusionPipeline"/> until disposed.</summary>
public sealed class ImageSessionLease : IDisposable
{
    private readonly ImageSessionCache.SharedPipeline _shared;
    private int _disposed;

    internal ImageSessionLease(ImageSessionCache.SharedPipeline shared) => _shared = shared;

    public string CheckpointId => _shared.CheckpointId;

    public DiffusionPipeline Pipeline
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _shared.Pipeline;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _shared.Release();
        }
    }
}
