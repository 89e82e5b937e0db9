namespace Feedback.Core.Agreement;

/// <summary>
/// Whether one rating matches the majority of the other ratings of the same item. There is no majority when no one
/// else rated the item or when the most frequent labels among the others are tied; such ratings are not counted.
/// </summary>
public static class LeaveOneOutMajority
{
    /// <summary>True or false when the others have a majority label; null when they have none.</summary>
    public static bool? Agrees(ReadOnlySpan<int> itemCounts, int ownLabel)
    {
        var best = -1;
        var bestCount = 0;
        var tied = false;
        for (var label = 0; label < itemCounts.Length; label++)
        {
            var others = itemCounts[label] - (label == ownLabel ? 1 : 0);
            if (others > bestCount)
            {
                (best, bestCount, tied) = (label, others, false);
            }
            else if (others == bestCount && others > 0)
            {
                tied = true;
            }
        }

        return best < 0 || tied ? null : best == ownLabel;
    }
}
