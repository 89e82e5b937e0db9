namespace Feedback.Core.Agreement;

/// <summary>The Wilson score interval for a proportion (95% unless another z is given); sound near 0 and 1 and for few trials.</summary>
public readonly record struct WilsonInterval(double Low, double High)
{
    public const double Z95 = 1.959963984540054;

    public static WilsonInterval For(long successes, long trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return new WilsonInterval(double.NaN, double.NaN);
        }

        var p = (double)successes / trials;
        var z2 = z * z;
        var denominator = 1 + z2 / trials;
        var centre = (p + z2 / (2 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new WilsonInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    public bool Contains(double value) => value >= Low && value <= High;
}
