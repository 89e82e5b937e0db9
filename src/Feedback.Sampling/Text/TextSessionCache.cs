namespace Feedback.Sampling.Text;

/// <summary>
/// One open decoder session per checkpoint, shared by every generation that leases it, and the checkpoint now serving.
/// <see cref="Swap"/> puts a new checkpoint into service without a restart; the session it replaces closes once the
/// last lease on it is disposed, so generations already running finish on the model they started with. Thread-safe.
/// </summary>
public sealed class TextSessionCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CachedTextSession> _sessions = new(StringComparer.Ordinal);
    private readonly InferenceDevice? _device;
    private string? _servingCheckpointId;
    private int _openSessions;
    private bool _disposed;

    /// <param name="device">Where sessions run; null for <see cref="OnnxSessionFactory.DefaultDevice"/>.</param>
    public TextSessionCache(InferenceDevice? device = null) => _device = device;

    /// <summary>The checkpoint that <see cref="AcquireServing"/> leases; null until the first <see cref="Swap"/>.</summary>
    public string? ServingCheckpointId
    {
        get
        {
            lock (_lock)
            {
                return _servingCheckpointId;
            }
        }
    }

    /// <summary>Sessions not closed yet: the cached ones, and replaced ones that leases still hold open.</summary>
    public int OpenSessionCount => Volatile.Read(ref _openSessions);

    /// <summary>Leases the checkpoint's session, opening <paramref name="modelPath"/> the first time it is asked for.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint is cached from another file; <see cref="Swap"/> replaces it.</exception>
    public TextSessionLease Acquire(string checkpointId, string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointId);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        modelPath = Path.GetFullPath(modelPath);
        if (TryLeaseCached(checkpointId, modelPath) is { } cached)
        {
            return cached;
        }

        var opened = Open(checkpointId, modelPath);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_sessions.TryAdd(checkpointId, opened))
            {
                // Another caller opened it meanwhile: keep theirs.
                opened.Release();
                return LeaseCachedLocked(checkpointId, modelPath);
            }

            return Lease(opened);
        }
    }

    /// <summary>Leases the serving checkpoint's session.</summary>
    /// <exception cref="InvalidOperationException">No checkpoint has been swapped in.</exception>
    public TextSessionLease AcquireServing()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_servingCheckpointId is null)
            {
                throw new InvalidOperationException("No checkpoint is serving yet; swap one in first.");
            }

            return Lease(_sessions[_servingCheckpointId]);
        }
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/> as <paramref name="checkpointId"/> and makes it serve. The checkpoint's previous
    /// session and the previously serving one leave the cache and close as soon as no lease holds them.
    /// </summary>
    public void Swap(string checkpointId, string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointId);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var opened = Open(checkpointId, Path.GetFullPath(modelPath));
        var replaced = new List<CachedTextSession>();
        lock (_lock)
        {
            if (_disposed)
            {
                opened.Release();
                throw new ObjectDisposedException(GetType().FullName);
            }

            if (_sessions.Remove(checkpointId, out var previous))
            {
                replaced.Add(previous);
            }

            if (_servingCheckpointId is not null && _servingCheckpointId != checkpointId && _sessions.Remove(_servingCheckpointId, out var serving))
            {
                replaced.Add(serving);
            }

            _sessions[checkpointId] = opened;
            _servingCheckpointId = checkpointId;
        }

        replaced.ForEach(session => session.Release());
    }

    /// <summary>Drops the checkpoint from the cache (and from service); its session closes once no lease holds it.</summary>
    /// <returns>False when it was not cached.</returns>
    public bool Evict(string checkpointId)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointId);
        CachedTextSession? evicted;
        lock (_lock)
        {
            if (!_sessions.Remove(checkpointId, out evicted))
            {
                return false;
            }

            if (_servingCheckpointId == checkpointId)
            {
                _servingCheckpointId = null;
            }
        }

        evicted.Release();
        return true;
    }

    /// <summary>Empties the cache; sessions still leased close when their leases are disposed.</summary>
    public void Dispose()
    {
        CachedTextSession[] released;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            released = [.. _sessions.Values];
            _sessions.Clear();
            _servingCheckpointId = null;
        }

        foreach (var session in released)
        {
            session.Release();
        }
    }

    private TextSessionLease? TryLeaseCached(string checkpointId, string modelPath)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _sessions.ContainsKey(checkpointId) ? LeaseCachedLocked(checkpointId, modelPath) : null;
        }
    }

    private TextSessionLease LeaseCachedLocked(string checkpointId, string modelPath)
    {
        var cached = _sessions[checkpointId];
        if (!string.Equals(cached.ModelPath, modelPath, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Checkpoint '{checkpointId}' is served from '{cached.ModelPath}', not '{modelPath}'; swap it to change its file.");
        }

        return Lease(cached);
    }

    // The cache's own reference keeps every cached session open, so taking another cannot fail while the lock is held.
    private static TextSessionLease Lease(CachedTextSession session) =>
        session.TryAddReference()
            ? new TextSessionLease(session)
            : throw new InvalidOperationException($"The session for '{session.CheckpointId}' closed while still cached.");

    private CachedTextSession Open(string checkpointId, string modelPath)
    {
        var cached = new CachedTextSession(
            checkpointId, modelPath, OnnxSessionFactory.Create(modelPath, _device), () => Interlocked.Decrement(ref _openSessions));
        Interlocked.Increment(ref _openSessions);
        return cached;
    }
}
