namespace Feedback.Sampling.Diffusion;

/// <summary>
/// One open <see cref="DiffusionPipeline"/> per image checkpoint, shared by every generation that leases it.
/// <see cref="Evict"/> (on promotion or rollback) drops a checkpoint; its sessions close once the last lease on them
/// is disposed, so a generation already running finishes on the model it started with. Thread-safe.
/// </summary>
public sealed class ImageSessionCache(InferenceDevice? device = null) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SharedPipeline> _pipelines = new(StringComparer.Ordinal);
    private bool _disposed;

    public int CachedCount
    {
        get
        {
            lock (_lock)
            {
                return _pipelines.Count;
            }
        }
    }

    /// <summary>Leases the checkpoint's pipeline, opening <paramref name="folder"/> the first time it is asked for.</summary>
    public ImageSessionLease Acquire(string checkpointId, string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointId);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pipelines.TryGetValue(checkpointId, out var cached))
            {
                return cached.Lease();
            }
        }

        var opened = new SharedPipeline(checkpointId, DiffusionPipeline.Open(folder, device));
        lock (_lock)
        {
            if (_disposed || _pipelines.ContainsKey(checkpointId))
            {
                opened.Release();
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _pipelines[checkpointId].Lease();
            }

            _pipelines.Add(checkpointId, opened);
            return opened.Lease();
        }
    }

    /// <returns>False when the checkpoint was not cached.</returns>
    public bool Evict(string checkpointId)
    {
        SharedPipeline? evicted;
        lock (_lock)
        {
            if (!_pipelines.Remove(checkpointId, out evicted))
            {
                return false;
            }
        }

        evicted.Release();
        return true;
    }

    public void Dispose()
    {
        SharedPipeline[] released;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            released = [.. _pipelines.Values];
            _pipelines.Clear();
        }

        foreach (var pipeline in released)
        {
            pipeline.Release();
        }
    }

    /// <summary>A pipeline closed when the cache and every lease have let go of it.</summary>
    internal sealed class SharedPipeline(string checkpointId, DiffusionPipeline pipeline)
    {
        private int _references = 1;

        public string CheckpointId { get; } = checkpointId;

        public DiffusionPipeline Pipeline { get; } = pipeline;

        public ImageSessionLease Lease()
        {
            Interlocked.Increment(ref _references);
            return new ImageSessionLease(this);
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Pipeline.Dispose();
            }
        }
    }
}
