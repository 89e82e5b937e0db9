using Feedback.Sampling.Imaging;

namespace Feedback.Sampling.Diffusion;

/// <summary>Drawn images side by side in rows, enlarged by whole pixels, on a white ground with a gap between them: one PNG.</summary>
public static class SampleGrid
{
    public static byte[] Png(IReadOnlyList<GeneratedImage> images, int columns, int scale = 4, int gap = 4)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (images.Count == 0)
        {
            throw new ArgumentException("A grid needs at least one image.", nameof(images));
        }

        var cell = images.Max(i => i.Size) * scale;
        var rows = (images.Count + columns - 1) / columns;
        var (width, height) = ((columns * (cell + gap)) + gap, (rows * (cell + gap)) + gap);
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        for (var index = 0; index < images.Count; index++)
        {
            var image = images[index];
            var (left, top) = (gap + ((index % columns) * (cell + gap)), gap + ((index / columns) * (cell + gap)));
            for (var y = 0; y < image.Size * scale; y++)
            {
                for (var x = 0; x < image.Size * scale; x++)
                {
                    var source = (((y / scale) * image.Size) + (x / scale)) * 3;
                    image.Rgb.AsSpan(source, 3).CopyTo(pixels.AsSpan((((top + y) * width) + left + x) * 3, 3));
                }
            }
        }

        return PngEncoder.EncodeRgb(pixels, width, height);
    }
}
