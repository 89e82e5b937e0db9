using System.Globalization;

namespace Feedback.Benchmarks;

/// <summary>Collected operation times and their percentiles, in milliseconds.</summary>
internal sealed class Latencies
{
    private readonly List<double> milliseconds = [];
    private readonly Lock gate = new();

    public int Count => milliseconds.Count;

    public void Add(TimeSpan elapsed)
    {
        lock (gate)
        {
            milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    public double Percentile(double p)
    {
        var sorted = milliseconds.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public string Summary() => string.Create(
        CultureInfo.InvariantCulture, $"p50 {Percentile(50),7:F2}  p95 {Percentile(95),7:F2}  p99 {Percentile(99),7:F2} ms  (n={Count})");
}
