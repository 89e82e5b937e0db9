using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>
/// The keys and values each layer has seen so far, [batch, kvHeads, pastLength, headDim], grown by every forward pass
/// that is given the cache. The cache owns its tensors (they outlive the dispose scopes of the steps that made them),
/// so dispose it when decoding ends.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private bool _disposed;

    public KvCache(int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        _keys = new Tensor?[layerCount];
        _values = new Tensor?[layerCount];
    }

    public int LayerCount => _keys.Length;

    /// <summary>How many positions are cached (those the first layer holds: all layers agree between forward passes).</summary>
    public long Length => _keys[0]?.shape[2] ?? 0;

    public Tensor? Keys(int layer) => _keys[layer];

    public Tensor? Values(int layer) => _values[layer];

    /// <summary>Appends this step's keys and values to the layer's and returns everything cached for it.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _keys[layer] = Grow(_keys[layer], keys);
        _values[layer] = Grow(_values[layer], values);
        return (_keys[layer]!, _values[layer]!);
    }

    private static Tensor Grow(Tensor? cached, Tensor added)
    {
        var grown = cached is null ? added.clone() : cat([cached, added], 2);
        grown.DetachFromDisposeScope();
        cached?.Dispose();
        return grown;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            _keys[layer]?.Dispose();
            _values[layer]?.Dispose();
            _keys[layer] = null;
            _values[layer] = null;
        }
    }
}
