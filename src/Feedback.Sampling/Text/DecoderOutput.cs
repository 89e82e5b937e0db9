using Microsoft.ML.OnnxRuntime;

namespace Feedback.Sampling.Text;

/// <summary>One decoder run's results: the logits, and the layers' keys and values when they were asked for, to feed back as the next past.</summary>
internal sealed class DecoderOutput : IDisposable
{
    private readonly IDisposableReadOnlyCollection<OrtValue> _values;
    private readonly int _layerCount;

    public DecoderOutput(IDisposableReadOnlyCollection<OrtValue> values, int layerCount, int pastLength)
    {
        _values = values;
        _layerCount = layerCount;
        var shape = values[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 3)
        {
            values.Dispose();
            throw new InvalidDataException($"The decoder's logits are [{string.Join(", ", shape)}]; expected [batch, sequence, vocabulary].");
        }

        Rows = checked((int)shape[0]);
        SequenceLength = checked((int)shape[1]);
        VocabularySize = checked((int)shape[2]);
        CachedLength = pastLength + SequenceLength;
    }

    public int Rows { get; }

    public int SequenceLength { get; }

    public int VocabularySize { get; }

    /// <summary>The sequence length the presents cover: the past fed in plus the tokens run.</summary>
    public int CachedLength { get; }

    /// <summary>The logits that predict the token after the row's last column.</summary>
    public ReadOnlySpan<float> LastLogits(int row)
    {
        var offset = ((row * SequenceLength) + SequenceLength - 1) * VocabularySize;
        return _values[0].GetTensorDataAsSpan<float>().Slice(offset, VocabularySize);
    }

    public OrtValue PresentKey(int layer) => _values[1 + (2 * layer)];

    public OrtValue PresentValue(int layer) => _values[2 + (2 * layer)];

    public void Dispose() => _values.Dispose();
}
