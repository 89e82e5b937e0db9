namespace Feedback.Training.Datasets.Scenes;

/// <summary>Draws scenes as RGB pixels, each pixel the average of a grid of samples so that edges come out smooth.</summary>
public static class SceneRenderer
{
    /// <returns>Row-major pixels, three bytes (red, green, blue) each: size * size * 3 bytes.</returns>
    public static byte[] Render(Scene scene, int size = 32, int samplesPerAxis = 4)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerAxis);

        var colors = scene.Shapes.Select(s => s.Color.Rgb()).ToArray();
        var background = scene.Background.Rgb();
        var samples = samplesPerAxis * samplesPerAxis;
        var pixels = new byte[size * size * 3];
        for (var py = 0; py < size; py++)
        {
            for (var px = 0; px < size; px++)
            {
                int r = 0, g = 0, b = 0;
                for (var sy = 0; sy < samplesPerAxis; sy++)
                {
                    var y = (py + ((sy + 0.5f) / samplesPerAxis)) / size;
                    for (var sx = 0; sx < samplesPerAxis; sx++)
                    {
                        var x = (px + ((sx + 0.5f) / samplesPerAxis)) / size;
                        var color = ColorAt(scene.Shapes, colors, background, x, y);
                        r += color.R;
                        g += color.G;
                        b += color.B;
                    }
                }

                var offset = ((py * size) + px) * 3;
                pixels[offset] = (byte)((r + (samples / 2)) / samples);
                pixels[offset + 1] = (byte)((g + (samples / 2)) / samples);
                pixels[offset + 2] = (byte)((b + (samples / 2)) / samples);
            }
        }

        return pixels;
    }

    // Later shapes are drawn on top, so the last one containing the point wins.
    private static RgbColor ColorAt(IReadOnlyList<SceneShape> shapes, RgbColor[] colors, RgbColor background, float x, float y)
    {
        for (var i = shapes.Count - 1; i >= 0; i--)
        {
            if (shapes[i].Contains(x, y))
            {
                return colors[i];
            }
        }

        return background;
    }
}
