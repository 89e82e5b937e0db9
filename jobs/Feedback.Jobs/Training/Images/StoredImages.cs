using Feedback.Core.Media;
using Feedback.Sampling.Imaging;

namespace Feedback.Jobs.Training.Images;

/// <summary>Reads a stored candidate image back at the model's size: generated images are stored enlarged, and are reduced by averaging each block.</summary>
public static class StoredImages
{
    /// <returns>Row-major RGB bytes, <paramref name="size"/> x <paramref name="size"/>.</returns>
    public static async Task<byte[]> LoadRgbAsync(MediaStore media, string relativePath, int size, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(media);
        await using var stream = media.TryOpenRead(relativePath) ?? throw new FileNotFoundException($"The image {relativePath} is not in the media store.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var (rgb, width, height) = PngDecoder.DecodeRgb(buffer.ToArray());
        return Reduce(rgb, width, height, size, relativePath);
    }

    public static byte[] Reduce(byte[] rgb, int width, int height, int size, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (width != height || width < size || width % size != 0)
        {
            throw new InvalidDataException($"The image {name} is {width}x{height}; a square multiple of {size} pixels is needed.");
        }

        var factor = width / size;
        var reduced = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < factor; dy++)
                    {
                        for (var dx = 0; dx < factor; dx++)
                        {
                            sum += rgb[((((y * factor) + dy) * width) + (x * factor) + dx) * 3 + c];
                        }
                    }

                    reduced[(((y * size) + x) * 3) + c] = (byte)((sum + (factor * factor / 2)) / (factor * factor));
                }
            }
        }

        return reduced;
    }
}
