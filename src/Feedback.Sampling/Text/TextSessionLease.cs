namespace Feedback.Sampling.Text;

/// <summary>
/// The right to generate with one cached decoder session until disposed: the session stays open while any lease on it
/// is held, even after <see cref="TextSessionCache.Swap"/> replaced it.
/// </summary>
public sealed class TextSessionLease : ITextSampler, IDisposable
{
    private readonly CachedTextSession _session;
    private int _disposed;

    internal TextSessionLease(CachedTextSession session) => _session = session;

    public string CheckpointId => _session.CheckpointId;

    public string ModelPath => _session.ModelPath;

    public InferenceDevice Device => _session.Device;

    public TextModelInfo Model => _session.Generator.Model;

    public IReadOnlyList<GeneratedSequence> Generate(
        IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings settings, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _session.Generator.Generate(prompts, settings, cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Release();
        }
    }
}
