namespace Feedback.Jobs.Training;

/// <summary>
/// A run's metrics as series over steps, by name, kept up to date from the rows stored since the last read, so that a
/// page watching a long run does not read every step again each time it refreshes.
/// </summary>
public sealed class RunMetricSeries
{
    private readonly Dictionary<string, List<TrainingOverview.MetricPoint>> series = new(StringComparer.Ordinal);

    /// <summary>The id of the last stored row taken in; later reads ask only for rows after it.</summary>
    public long LastId { get; private set; }

    public IReadOnlyDictionary<string, IReadOnlyList<TrainingOverview.MetricPoint>> ByName { get; private set; } =
        new Dictionary<string, IReadOnlyList<TrainingOverview.MetricPoint>>(StringComparer.Ordinal);

    /// <summary>Takes in rows in the order they were stored. A step a series already has is kept as it was, as in the database.</summary>
    public void Add(IEnumerable<TrainingOverview.MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            LastId = Math.Max(LastId, row.Id);
            if (!series.TryGetValue(row.Name, out var points))
            {
                points = [];
                series[row.Name] = points;
            }

            var point = new TrainingOverview.MetricPoint(row.Step, row.Value);
            if (points.Count == 0 || points[^1].Step < row.Step)
            {
                points.Add(point);
                continue;
            }

            var at = points.FindIndex(p => p.Step >= row.Step);
            if (points[at].Step != row.Step)
            {
                points.Insert(at, point);
            }
        }

        ByName = series.ToDictionary(s => s.Key, s => (IReadOnlyList<TrainingOverview.MetricPoint>)s.Value, StringComparer.Ordinal);
    }
}
