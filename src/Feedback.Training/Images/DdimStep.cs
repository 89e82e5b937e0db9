using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// One DDIM step from timestep t to the next one visited (ᾱ = 1 after the last): the mean of the next latents and
/// the standard deviation of the noise added to it, sigma = eta * sqrt((1 - ᾱ_next) / (1 - ᾱ_t)) * sqrt(1 - ᾱ_t / ᾱ_next).
/// With eta > 0 the step is a Gaussian, so a sampled chain has a log-probability.
/// </summary>
public static class DdimStep
{
    public static (Tensor Mean, double Sigma) Next(NoiseSchedule schedule, Tensor latents, Tensor predictedNoise, int t, int next, double eta)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(predictedNoise);
        var alphaBar = schedule.AlphaBars[t];
        var alphaBarNext = next < 0 ? 1.0 : schedule.AlphaBars[next];
        var sigma = Sigma(schedule, t, next, eta);
        using var scope = NewDisposeScope();
        var clean = (latents - (Math.Sqrt(1 - alphaBar) * predictedNoise)) / Math.Sqrt(alphaBar);
        var mean = (Math.Sqrt(alphaBarNext) * clean) + (Math.Sqrt(Math.Max(0, 1 - alphaBarNext - (sigma * sigma))) * predictedNoise);
        return (mean.MoveToOuterDisposeScope(), sigma);
    }

    /// <summary>The standard deviation of the noise the step from <paramref name="t"/> to <paramref name="next"/> adds; 0 for the last step, or when eta is 0.</summary>
    public static double Sigma(NoiseSchedule schedule, int t, int next, double eta)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var alphaBar = schedule.AlphaBars[t];
        var alphaBarNext = next < 0 ? 1.0 : schedule.AlphaBars[next];
        return eta * Math.Sqrt((1 - alphaBarNext) / (1 - alphaBar)) * Math.Sqrt(1 - (alphaBar / alphaBarNext));
    }

    /// <summary>Per-sample log-density of <paramref name="sample"/> under N(mean, sigma²), averaged over its dimensions, [batch].</summary>
    public static Tensor LogProbability(Tensor sample, Tensor mean, double sigma)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        using var scope = NewDisposeScope();
        var density = -(sample - mean).square() / (2 * sigma * sigma) - Math.Log(sigma) - (0.5 * Math.Log(2 * Math.PI));
        return density.flatten(1).mean([1]).MoveToOuterDisposeScope();
    }
}
