namespace Feedback.Jobs.Training;

/// <summary>Two models' scores on the same items, counted pair by pair.</summary>
public static class PairedScores
{
    /// <returns>How often the first score is higher, lower, or within <paramref name="tieWithin"/> of the second.</returns>
    public static (int Wins, int Losses, int Ties) Tally(IReadOnlyList<double> first, IReadOnlyList<double> second, double tieWithin = 0)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var (wins, losses, ties) = (0, 0, 0);
        for (var i = 0; i < first.Count; i++)
        {
            var difference = first[i] - second[i];
            if (Math.Abs(difference) <= tieWithin)
            {
                ties++;
            }
            else if (difference > 0)
            {
                wins++;
            }
            else
            {
                losses++;
            }
        }

        return (wins, losses, ties);
    }
}
