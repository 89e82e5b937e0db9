using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>Conversions between RGB bytes (row-major, 3 per pixel) and channel-first floats in -1..1.</summary>
public static class ImagePixels
{
    public static void ToChannelsFirst(ReadOnlySpan<byte> rgb, int size, Span<float> destination)
    {
        var plane = size * size;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                destination[(c * plane) + p] = (rgb[(p * 3) + c] / 127.5f) - 1f;
            }
        }
    }

    /// <summary>Images of RGB bytes as one tensor [count, 3, size, size] in -1..1.</summary>
    public static Tensor ToTensor(IReadOnlyList<byte[]> rgbImages, int size, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(rgbImages);
        var plane = 3 * size * size;
        var pixels = new float[rgbImages.Count * plane];
        for (var i = 0; i < rgbImages.Count; i++)
        {
            ToChannelsFirst(rgbImages[i], size, pixels.AsSpan(i * plane, plane));
        }

        return tensor(pixels, [rgbImages.Count, 3, size, size], device: device);
    }

    /// <summary>One image of channel-first floats back to RGB bytes, clamped to 0..255.</summary>
    public static byte[] ToRgb(ReadOnlySpan<float> channelsFirst, int size)
    {
        var plane = size * size;
        var rgb = new byte[plane * 3];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var value = (channelsFirst[(c * plane) + p] + 1f) * 127.5f;
                rgb[(p * 3) + c] = (byte)Math.Clamp(MathF.Round(value), 0, 255);
            }
        }

        return rgb;
    }
}
