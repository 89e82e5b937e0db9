namespace Feedback.Sampling.Diffusion;

/// <summary>
/// DDIM over a linear-beta DDPM schedule: the <c>steps</c> timesteps to visit (evenly spaced, from the noisiest down)
/// and the update from one to the next.
/// </summary>
public sealed class DdimSchedule
{
    private readonly double[] _alphaBars;

    public DdimSchedule(int trainTimesteps, double betaStart, double betaEnd, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainTimesteps, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        _alphaBars = new double[trainTimesteps];
        var product = 1.0;
        for (var t = 0; t < trainTimesteps; t++)
        {
            var beta = betaStart + ((betaEnd - betaStart) * t / (trainTimesteps - 1));
            product *= 1 - beta;
            _alphaBars[t] = product;
        }

        var stride = Math.Max(1, trainTimesteps / steps);
        Timesteps = Enumerable.Range(0, Math.Min(steps, trainTimesteps)).Select(i => i * stride).Reverse().ToArray();
    }

    /// <summary>The timesteps visited, noisiest first.</summary>
    public IReadOnlyList<int> Timesteps { get; }

    /// <summary>ᾱ at <paramref name="t"/>; 1 before the first timestep (a clean image).</summary>
    public double AlphaBar(int t) => t < 0 ? 1.0 : _alphaBars[t];

    /// <summary>The timestep after visit <paramref name="index"/>, or -1 after the last.</summary>
    public int Next(int index) => index + 1 < Timesteps.Count ? Timesteps[index + 1] : -1;

    /// <summary>
    /// One DDIM update of <paramref name="latents"/> in place from timestep t to <paramref name="next"/>, given the
    /// predicted noise; with eta above 0, <paramref name="noise"/> supplies the fresh noise.
    /// </summary>
    public void Step(Span<float> latents, ReadOnlySpan<float> predictedNoise, int t, int next, double eta, ReadOnlySpan<float> noise)
    {
        var alphaBar = AlphaBar(t);
        var alphaBarNext = AlphaBar(next);
        var sigma = eta * Math.Sqrt((1 - alphaBarNext) / (1 - alphaBar)) * Math.Sqrt(1 - (alphaBar / alphaBarNext));
        var direction = Math.Sqrt(Math.Max(0, 1 - alphaBarNext - (sigma * sigma)));
        var (sqrtAlphaBar, sqrtOneMinus, sqrtNext) = (Math.Sqrt(alphaBar), Math.Sqrt(1 - alphaBar), Math.Sqrt(alphaBarNext));
        for (var i = 0; i < latents.Length; i++)
        {
            var eps = predictedNoise[i];
            var clean = (latents[i] - (sqrtOneMinus * eps)) / sqrtAlphaBar;
            var updated = (sqrtNext * clean) + (direction * eps);
            if (sigma > 0)
            {
                updated += sigma * noise[i];
            }

            latents[i] = (float)updated;
        }
    }
}
