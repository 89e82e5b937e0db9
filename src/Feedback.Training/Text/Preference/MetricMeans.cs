namespace Feedback.Training.Text.Preference;

/// <summary>Weighted means of metrics gathered batch by batch (weighted by pairs, so a short last batch counts as little as it holds).</summary>
internal sealed class MetricMeans
{
    private readonly Dictionary<string, (double Sum, double Weight)> _totals = new(StringComparer.Ordinal);

    public void Add(IReadOnlyDictionary<string, double> values, double weight)
    {
        foreach (var (name, value) in values)
        {
            var (sum, total) = _totals.GetValueOrDefault(name);
            _totals[name] = (sum + (value * weight), total + weight);
        }
    }

    public Dictionary<string, double> Means(string prefix) =>
        _totals.ToDictionary(pair => prefix + pair.Key, pair => pair.Value.Sum / pair.Value.Weight, StringComparer.Ordinal);
}
