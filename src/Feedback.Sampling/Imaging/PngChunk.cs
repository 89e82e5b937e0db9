namespace Feedback.Sampling.Imaging;

/// <summary>One chunk of a PNG file whose CRC has been checked.</summary>
internal readonly ref struct PngChunk(string type, ReadOnlySpan<byte> data)
{
    public string Type { get; } = type;

    public ReadOnlySpan<byte> Data { get; } = data;

    /// <summary>Critical chunks (first letter upper case) must be understood; ancillary ones may be skipped.</summary>
    public bool IsCritical => char.IsAsciiLetterUpper(Type[0]);
}
