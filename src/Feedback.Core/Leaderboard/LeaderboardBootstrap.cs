namespace Feedback.Core.Leaderboard;

/// <summary>
/// Confidence intervals for Bradley-Terry ratings: the battles are resampled with replacement (drawn from the win
/// matrix in proportion to its cells, which is the same thing) and refitted; the interval is the middle 95% of the
/// refits. A fixed seed makes the same battles give the same intervals.
/// </summary>
public static class LeaderboardBootstrap
{
    public static (double Low, double High)[] Intervals(double[,] wins, int resamples = 200, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(wins);
        var n = wins.GetLength(0);
        var cells = new List<(int I, int J, double Weight)>();
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (wins[i, j] > 0)
                {
                    cells.Add((i, j, wins[i, j]));
                    total += wins[i, j];
                }
            }
        }

        var cumulative = new double[cells.Count];
        var running = 0.0;
        for (var c = 0; c < cells.Count; c++)
        {
            running += cells[c].Weight;
            cumulative[c] = running;
        }

        var battles = (int)Math.Round(total);
        var random = new Random(seed);
        var fits = new double[resamples][];
        for (var r = 0; r < resamples; r++)
        {
            var sample = new double[n, n];
            for (var b = 0; b < battles; b++)
            {
                var at = Array.BinarySearch(cumulative, random.NextDouble() * total);
                var (i, j, _) = cells[Math.Min(at < 0 ? ~at : at, cells.Count - 1)];
                sample[i, j]++;
            }

            fits[r] = BradleyTerry.Fit(sample, maxIterations: 300, tolerance: 1e-7);
        }

        return Enumerable.Range(0, n).Select(p =>
        {
            var sorted = fits.Select(f => f[p]).Order().ToArray();
            return (Quantile(sorted, 0.025), Quantile(sorted, 0.975));
        }).ToArray();
    }

    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
