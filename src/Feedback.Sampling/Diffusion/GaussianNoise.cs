namespace Feedback.Sampling.Diffusion;

/// <summary>Standard normal floats from a seed (Box-Muller over System.Random), the same on every machine.</summary>
public static class GaussianNoise
{
    public static void Fill(Span<float> destination, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < destination.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            destination[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }
}
