namespace Feedback.Core.Agreement;

/// <summary>
/// Agreement over a small table of ratings held in memory (a CSV of item, rater, label, for instance). A rater's second
/// rating of the same item replaces nothing: only the first counts. The database computes the same report from SQL
/// aggregates instead (see <c>ProjectAgreement</c>).
/// </summary>
public static class RatingTable
{
    public const int DefaultMinSharedItems = 10;

    public static AgreementReport Compute(IEnumerable<(string Item, string Rater, string Label)> ratings, int minSharedItems = DefaultMinSharedItems)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var labels = new List<string>();
        var labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (item, rater, label) in ratings)
        {
            if (!labelIndex.TryGetValue(label, out var index))
            {
                index = labels.Count;
                labelIndex[label] = index;
                labels.Add(label);
            }

            if (!items.TryGetValue(item, out var byRater))
            {
                byRater = new Dictionary<string, int>(StringComparer.Ordinal);
                items[item] = byRater;
            }

            byRater.TryAdd(rater, index);
        }

        var agreement = new ItemAgreement(Math.Max(1, labels.Count));
        var pairs = new PairConfusions(Math.Max(1, labels.Count));
        var raters = new Dictionary<string, (long Ratings, long Compared, long Agreed)>(StringComparer.Ordinal);
        var counts = new int[Math.Max(1, labels.Count)];
        foreach (var byRater in items.Values)
        {
            Array.Clear(counts);
            foreach (var label in byRater.Values)
            {
                counts[label]++;
            }

            agreement.Add(counts);
            var entries = byRater.ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                var (rater, label) = entries[i];
                var verdict = LeaveOneOutMajority.Agrees(counts, label);
                var (total, compared, agreed) = raters.GetValueOrDefault(rater);
                raters[rater] = (total + 1, compared + (verdict is null ? 0 : 1), agreed + (verdict == true ? 1 : 0));
                for (var j = i + 1; j < entries.Count; j++)
                {
                    pairs.Add(rater, entries[j].Key, label, entries[j].Value);
                }
            }
        }

        return new AgreementReport(
            agreement.Items,
            agreement.Ratings,
            labels,
            agreement.PercentAgreement,
            agreement.FleissKappa,
            agreement.KrippendorffAlpha,
            pairs.Agreements(minSharedItems),
            raters.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new RaterAgreement(r.Key, r.Value.Ratings, r.Value.Compared, r.Value.Agreed))
                .ToList());
    }
}
