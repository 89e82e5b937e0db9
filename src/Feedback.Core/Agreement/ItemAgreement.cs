namespace Feedback.Core.Agreement;

/// <summary>
/// Agreement between many raters over many items, accumulated one item at a time from how many raters gave each label
/// to that item, so the votes themselves never need to be held: percent agreement, Fleiss' kappa (with a varying number
/// of raters per item) and Krippendorff's alpha for nominal data (missing ratings allowed). Items rated by fewer than
/// two raters are not pairable and count for none of them.
/// </summary>
public sealed class ItemAgreement
{
    private readonly double[] fleissLabelShares;
    private readonly double[,] coincidences;
    private double agreementSum;
    private long fleissRatings;

    public ItemAgreement(int labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labels, 1);
        Labels = labels;
        fleissLabelShares = new double[labels];
        coincidences = new double[labels, labels];
    }

    public int Labels { get; }

    /// <summary>Items with at least two ratings.</summary>
    public long Items { get; private set; }

    /// <summary>Ratings on those items.</summary>
    public long Ratings { get; private set; }

    /// <summary>Adds one item: <paramref name="counts"/>[label] raters gave it that label.</summary>
    public void Add(ReadOnlySpan<int> counts)
    {
        if (counts.Length != Labels)
        {
            throw new ArgumentException($"Expected {Labels} label counts, got {counts.Length}.", nameof(counts));
        }

        long raters = 0;
        long agreeingPairs = 0;
        foreach (var count in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(counts));
            raters += count;
            agreeingPairs += (long)count * (count - 1);
        }

        if (raters < 2)
        {
            return;
        }

        Items++;
        Ratings += raters;
        agreementSum += (double)agreeingPairs / (raters * (raters - 1));
        fleissRatings += raters;
        for (var c = 0; c < Labels; c++)
        {
            fleissLabelShares[c] += counts[c];

            // Krippendorff's coincidences: every ordered pair of ratings within the item, weighted 1/(m-1).
            for (var k = 0; k < Labels; k++)
            {
                var pairs = c == k ? (double)counts[c] * (counts[c] - 1) : (double)counts[c] * counts[k];
                coincidences[c, k] += pairs / (raters - 1);
            }
        }
    }

    /// <summary>The mean, over items, of the share of rater pairs that gave the item the same label.</summary>
    public double PercentAgreement => Items == 0 ? double.NaN : agreementSum / Items;

    /// <summary>The agreement expected by chance from the overall label shares (Fleiss' P̄e).</summary>
    public double ChanceAgreement
    {
        get
        {
            if (fleissRatings == 0)
            {
                return double.NaN;
            }

            var sum = 0.0;
            foreach (var total in fleissLabelShares)
            {
                var share = total / fleissRatings;
                sum += share * share;
            }

            return sum;
        }
    }

    public double FleissKappa
    {
        get
        {
            var expected = ChanceAgreement;
            return Items == 0 || expected >= 1 ? double.NaN : (PercentAgreement - expected) / (1 - expected);
        }
    }

    public double KrippendorffAlpha
    {
        get
        {
            var n = 0.0;
            var marginals = new double[Labels];
            var disagreement = 0.0;
            for (var c = 0; c < Labels; c++)
            {
                for (var k = 0; k < Labels; k++)
                {
                    marginals[c] += coincidences[c, k];
                    if (c != k)
                    {
                        disagreement += coincidences[c, k];
                    }
                }

                n += marginals[c];
            }

            var expected = 0.0;
            for (var c = 0; c < Labels; c++)
            {
                for (var k = 0; k < Labels; k++)
                {
                    if (c != k)
                    {
                        expected += marginals[c] * marginals[k];
                    }
                }
            }

            return n < 2 || expected == 0 ? double.NaN : 1 - (n - 1) * disagreement / expected;
        }
    }
}
