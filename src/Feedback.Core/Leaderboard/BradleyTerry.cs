namespace Feedback.Core.Leaderboard;

/// <summary>
/// Bradley-Terry strengths from a matrix of wins, fitted by Hunter's (2004) minorization-maximization updates, and
/// reported on the Elo scale (400·log10 strength, centred on 1000). Every pair that met gets a small virtual win each
/// way, so a player who never lost still has a finite rating.
/// </summary>
public static class BradleyTerry
{
    public const double Prior = 0.1;
    public const double Centre = 1000;

    /// <summary>Ratings from <paramref name="wins"/>[i, j], the (possibly fractional) games i won against j.</summary>
    public static double[] Fit(double[,] wins, int maxIterations = 1000, double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(wins);
        var n = wins.GetLength(0);
        var games = new double[n, n];
        var won = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var played = wins[i, j] + wins[j, i];
                if (played > 0)
                {
                    games[i, j] = played + 2 * Prior;
                    won[i] += wins[i, j] + Prior;
                }
            }
        }

        var strength = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            for (var i = 0; i < n; i++)
            {
                var denominator = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (games[i, j] > 0)
                    {
                        denominator += games[i, j] / (strength[i] + strength[j]);
                    }
                }

                next[i] = denominator > 0 ? won[i] / denominator : strength[i];
            }

            // Strengths are defined up to a factor: keep their geometric mean at one.
            var logMean = next.Average(Math.Log);
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                var normalised = next[i] / Math.Exp(logMean);
                change = Math.Max(change, Math.Abs(Math.Log(normalised) - Math.Log(strength[i])));
                strength[i] = normalised;
            }

            if (change < tolerance)
            {
                break;
            }
        }

        return strength.Select(s => Centre + 400 * Math.Log10(s)).ToArray();
    }
}
