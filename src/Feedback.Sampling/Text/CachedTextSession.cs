namespace Feedback.Sampling.Text;

/// <summary>
/// An open decoder session shared by a <see cref="TextSessionCache"/> and the leases taken on it, closed when the last of them lets go.
/// The cache holds one reference for as long as the session is cached; each lease holds one more.
/// </summary>
internal sealed class CachedTextSession
{
    private readonly OnnxSession _session;
    private readonly Action _onClosed;
    private int _references = 1;

    public CachedTextSession(string checkpointId, string modelPath, OnnxSession session, Action onClosed)
    {
        CheckpointId = checkpointId;
        ModelPath = modelPath;
        _session = session;
        _onClosed = onClosed;
        try
        {
            Generator = new TextGenerator(session.Session, TextModelInfo.Read(session.Session));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public string CheckpointId { get; }

    public string ModelPath { get; }

    public InferenceDevice Device => _session.Device;

    public TextGenerator Generator { get; }

    /// <summary>Takes a reference unless the session has already closed.</summary>
    public bool TryAddReference()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Gives a reference back, closing the session when it was the last.</summary>
    public void Release()
    {
        var remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0)
        {
            _session.Dispose();
            _onClosed();
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException($"The session for '{CheckpointId}' was released more often than it was taken.");
        }
    }
}
