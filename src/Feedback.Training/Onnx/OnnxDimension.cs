namespace Feedback.Training.Onnx;

/// <summary>
/// One dimension of a graph input or output: a fixed size, a symbolic name shared by every dimension that
/// must agree at run time (such as "batch"), or unknown (the default value).
/// </summary>
public readonly record struct OnnxDimension : IProtobufMessage
{
    private const int DimValueField = 1;
    private const int DimParamField = 2;

    private OnnxDimension(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    public long? Value { get; }

    public string? Symbol { get; }

    public static OnnxDimension Fixed(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new OnnxDimension(value, null);
    }

    public static OnnxDimension Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new OnnxDimension(null, symbol);
    }

    public static implicit operator OnnxDimension(long value) => Fixed(value);

    public static implicit operator OnnxDimension(string symbol) => Symbolic(symbol);

    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";

    void IProtobufMessage.WriteTo(ProtobufWriter writer)
    {
        if (Value is { } value)
        {
            writer.WriteInt64(DimValueField, value);
        }
        else if (Symbol is not null)
        {
            writer.WriteString(DimParamField, Symbol);
        }
    }
}
