namespace Feedback.Core.Leaderboard;

/// <summary>
/// Online Elo over battles in the order they happened (K = 32, ties half a win each), beside Bradley-Terry for
/// comparison. Players are numbered from 0 and join at the starting rating when first seen.
/// </summary>
public sealed class EloRatings(double k = 32, double start = 1000)
{
    private readonly List<double> ratings = [];

    public IReadOnlyList<double> Ratings => ratings;

    /// <summary>Records a battle; <paramref name="score"/> is 1 when a won, 0 when b won, 0.5 for a tie.</summary>
    public void Add(int a, int b, double score)
    {
        while (ratings.Count <= Math.Max(a, b))
        {
            ratings.Add(start);
        }

        var expected = 1 / (1 + Math.Pow(10, (ratings[b] - ratings[a]) / 400));
        ratings[a] += k * (score - expected);
        ratings[b] -= k * (score - expected);
    }
}
