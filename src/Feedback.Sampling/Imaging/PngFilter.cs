namespace Feedback.Sampling.Imaging;

/// <summary>
/// The five PNG row filters. Each row is predicted from the pixel to its left (a), the one above (b) and
/// the one above-left (c); the stored byte is the difference from the prediction, modulo 256.
/// </summary>
internal static class PngFilter
{
    public const byte None = 0;
    public const byte Sub = 1;
    public const byte Up = 2;
    public const byte Average = 3;
    public const byte Paeth = 4;

    /// <summary>Reverses <paramref name="filter"/> on <paramref name="row"/> in place; <paramref name="previous"/> is the already decoded row above (zeros for the first).</summary>
    public static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var a = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
            var b = previous[i];
            var c = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
            row[i] = (byte)(row[i] + Predict(filter, a, b, c));
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="filter"/> into <paramref name="output"/>.</summary>
    public static void Apply(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> output)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var a = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
            var b = previous[i];
            var c = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
            output[i] = (byte)(row[i] - Predict(filter, a, b, c));
        }
    }

    private static int Predict(byte filter, int a, int b, int c) => filter switch
    {
        None => 0,
        Sub => a,
        Up => b,
        Average => (a + b) >> 1,
        Paeth => PaethPredictor(a, b, c),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "PNG filter types are 0 to 4."),
    };

    private static int PaethPredictor(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
