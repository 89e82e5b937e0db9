namespace Feedback.Training.Images;

/// <summary>The DDPM forward process: linear betas from beta_start to beta_end, and the cumulative products of 1 - beta.</summary>
public sealed class NoiseSchedule
{
    public NoiseSchedule(ImageModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var steps = config.TrainTimesteps;
        var alphaBars = new double[steps];
        var product = 1.0;
        for (var t = 0; t < steps; t++)
        {
            var beta = config.BetaStart + ((config.BetaEnd - (double)config.BetaStart) * t / (steps - 1));
            product *= 1 - beta;
            alphaBars[t] = product;
        }

        AlphaBars = alphaBars;
    }

    /// <summary>ᾱ_t for t = 0..T-1: how much of the clean latent is left at step t.</summary>
    public IReadOnlyList<double> AlphaBars { get; }

    public int Steps => AlphaBars.Count;
}
