namespace Feedback.Core.Agreement;

/// <summary>Confusion matrices for every pair of raters who rated the same items, and their Cohen's kappas.</summary>
public sealed class PairConfusions(int labels)
{
    private readonly Dictionary<(string A, string B), long[,]> matrices = [];

    /// <summary>Counts <paramref name="items"/> items that <paramref name="raterA"/> labelled <paramref name="labelA"/> and <paramref name="raterB"/> <paramref name="labelB"/>.</summary>
    public void Add(string raterA, string raterB, int labelA, int labelB, long items = 1)
    {
        if (string.CompareOrdinal(raterA, raterB) > 0)
        {
            (raterA, raterB, labelA, labelB) = (raterB, raterA, labelB, labelA);
        }

        if (!matrices.TryGetValue((raterA, raterB), out var matrix))
        {
            matrix = new long[labels, labels];
            matrices[(raterA, raterB)] = matrix;
        }

        matrix[labelA, labelB] += items;
    }

    /// <summary>The pairs that share at least <paramref name="minSharedItems"/> items, ordered by rater.</summary>
    public IReadOnlyList<PairAgreement> Agreements(int minSharedItems)
    {
        var pairs = new List<PairAgreement>();
        foreach (var ((a, b), matrix) in matrices.OrderBy(m => m.Key.A, StringComparer.Ordinal).ThenBy(m => m.Key.B, StringComparer.Ordinal))
        {
            long shared = 0, agreed = 0;
            for (var i = 0; i < labels; i++)
            {
                for (var j = 0; j < labels; j++)
                {
                    shared += matrix[i, j];
                }

                agreed += matrix[i, i];
            }

            if (shared >= minSharedItems && shared > 0)
            {
                pairs.Add(new PairAgreement(a, b, shared, (double)agreed / shared, CohenKappa.FromConfusion(matrix)));
            }
        }

        return pairs;
    }
}
