using Microsoft.ML.OnnxRuntime;

namespace Feedback.Sampling.Text;

/// <summary>The named inputs of one decoder run: values made for it, which it disposes, and borrowed ones (the past), which it does not.</summary>
internal sealed class DecoderInputs : IDisposable
{
    private readonly List<string> _names = [];
    private readonly List<OrtValue> _values = [];
    private readonly List<OrtValue> _owned = [];

    public IReadOnlyCollection<string> Names => _names;

    public IReadOnlyCollection<OrtValue> Values => _values;

    public void Add<T>(string name, T[] data, params long[] shape)
        where T : unmanaged
    {
        var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        _owned.Add(value);
        AddBorrowed(name, value);
    }

    /// <summary>Keeps <paramref name="value"/> alive until this is disposed, without feeding it.</summary>
    public OrtValue Own(OrtValue value)
    {
        _owned.Add(value);
        return value;
    }

    public void AddBorrowed(string name, OrtValue value)
    {
        _names.Add(name);
        _values.Add(value);
    }

    public void Dispose() => _owned.ForEach(value => value.Dispose());
}
