using StbImageSharp;

namespace Feedback.Core.Curation;

/// <summary>
/// The difference hash (dHash) of an image: shrink it to 9×8 grey pixels by averaging, then one bit per pixel for
/// whether it is brighter than its right neighbour. Resized, recompressed or slightly edited copies differ in a few
/// bits; different images in about half of the 64.
/// </summary>
public static class PerceptualHash
{
    /// <summary>The hash and the image's size; null when the bytes are not an image StbImage reads (PNG, JPEG, BMP, GIF, ...).</summary>
    public static (ulong Hash, int Width, int Height)? Compute(byte[] image)
    {
        ImageResult decoded;
        try
        {
            decoded = ImageResult.FromMemory(image, ColorComponents.Grey);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }

        return (FromGrey(decoded.Data, decoded.Width, decoded.Height), decoded.Width, decoded.Height);
    }

    public static ulong FromGrey(byte[] grey, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(grey);
        var small = new double[8, 9];
        for (var y = 0; y < 8; y++)
        {
            var (top, bottom) = (y * height / 8, Math.Max((y + 1) * height / 8, y * height / 8 + 1));
            for (var x = 0; x < 9; x++)
            {
                var (left, right) = (x * width / 9, Math.Max((x + 1) * width / 9, x * width / 9 + 1));
                double sum = 0;
                var count = 0;
                for (var sy = top; sy < Math.Min(bottom, height); sy++)
                {
                    for (var sx = left; sx < Math.Min(right, width); sx++)
                    {
                        sum += grey[sy * width + sx];
                        count++;
                    }
                }

                small[y, x] = count == 0 ? 0 : sum / count;
            }
        }

        ulong hash = 0;
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                hash = (hash << 1) | (small[y, x] > small[y, x + 1] ? 1UL : 0UL);
            }
        }

        return hash;
    }

    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);
}
