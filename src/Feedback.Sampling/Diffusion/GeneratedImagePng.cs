using Feedback.Sampling.Imaging;

namespace Feedback.Sampling.Diffusion;

/// <summary>PNG files of drawn images, enlarged by whole pixels (nearest neighbour) so that small images show crisp in the browser.</summary>
public static class GeneratedImagePng
{
    public static byte[] Encode(GeneratedImage image, int scale = 4)
    {
        ArgumentNullException.ThrowIfNull(image);
        var size = image.Size * scale;
        return PngEncoder.EncodeRgb(Enlarge(image, scale), size, size);
    }

    /// <summary>The image's RGB bytes with each pixel repeated <paramref name="scale"/> times each way.</summary>
    internal static byte[] Enlarge(GeneratedImage image, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var size = image.Size * scale;
        var pixels = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var source = (((y / scale) * image.Size) + (x / scale)) * 3;
                image.Rgb.AsSpan(source, 3).CopyTo(pixels.AsSpan(((y * size) + x) * 3, 3));
            }
        }

        return pixels;
    }
}
