namespace Feedback.Core.Agreement;

/// <summary>Cohen's kappa for two raters from their confusion matrix: [a, b] items the first labelled a and the second b.</summary>
public static class CohenKappa
{
    public static double FromConfusion(long[,] confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        var labels = confusion.GetLength(0);
        if (confusion.GetLength(1) != labels)
        {
            throw new ArgumentException("The confusion matrix must be square.", nameof(confusion));
        }

        var rows = new double[labels];
        var columns = new double[labels];
        double total = 0, agreed = 0;
        for (var a = 0; a < labels; a++)
        {
            for (var b = 0; b < labels; b++)
            {
                rows[a] += confusion[a, b];
                columns[b] += confusion[a, b];
                total += confusion[a, b];
                if (a == b)
                {
                    agreed += confusion[a, b];
                }
            }
        }

        if (total == 0)
        {
            return double.NaN;
        }

        var observed = agreed / total;
        var expected = 0.0;
        for (var c = 0; c < labels; c++)
        {
            expected += rows[c] / total * (columns[c] / total);
        }

        // Both raters always gave one and the same label: agreement is perfect but kappa is undefined.
        return expected >= 1 ? double.NaN : (observed - expected) / (1 - expected);
    }
}
