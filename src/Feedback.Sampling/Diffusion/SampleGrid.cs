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
            var side = images[index].Size * scale;
            var enlarged = GeneratedImagePng.Enlarge(images[index], scale);
            var (left, top) = (gap + ((index % columns) * (cell + gap)), gap + ((index / columns) * (cell + gap)));
            for (var y = 0; y < side; y++)
            {
                enlarged.AsSpan(y * side * 3, side * 3).CopyTo(pixels.AsSpan((((top + y) * width) + left) * 3));
            }
        }

        return PngEncoder.EncodeRgb(pixels, width, height);
    }
}
