using MudBlazor;
using static Feedback.Jobs.Training.TrainingOverview;

namespace Feedback.Web.Components.Pages.Training;

/// <summary>
/// One chart of a run's page: related metrics over the same steps (a training value beside its held-out value), and a
/// warning when some of them were not finite, since a line cannot show those.
/// </summary>
public sealed record RunChart(string Title, List<ChartSeries<double>> Series, string[] Labels, LineChartOptions Options, string? Warning = null)
{
    private const int MaxPoints = 60;

    /// <summary>The groups charted, in order; the first metric of a group that the run logs gives it its place.</summary>
    private static readonly (string Title, string[] Names)[] Groups =
    [
        ("Loss", ["loss", "eval/loss"]),
        ("Accuracy", ["accuracy", "eval/accuracy", "rewards/accuracies", "eval/rewards/accuracies", "implicit_accuracy", "eval/implicit_accuracy"]),
        ("Rewards", ["rewards/chosen", "rewards/rejected", "rewards/margins", "reward", "margin", "eval/margin", "reward_mean", "reward_std", "eval/reward"]),
        ("KL to the reference", ["kl", "eval/kl"]),
        ("Length and entropy", ["length", "length/chosen", "length/rejected", "entropy"]),
        ("Denoising error", [.. DenoisingErrors]),
        ("Held-out denoising error", [.. DenoisingErrors.Select(n => "eval/" + n)]),

        // A PPO-style update's own size: how far one update moved the policy from the one that drew the images.
        ("Approximate KL per update", ["approx_kl"]),
        ("Clipped fraction", ["clip_fraction"]),
        ("Gradient norm", ["grad_norm"]),
    ];

    private static string[] DenoisingErrors => ["mse/policy_chosen", "mse/policy_rejected", "mse/reference_chosen", "mse/reference_rejected"];

    public static IEnumerable<RunChart> For(IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var (title, names) in Groups)
        {
            var present = names.Where(n => metrics.TryGetValue(n, out var points) && points.Count > 0).ToList();
            if (present.Count == 0)
            {
                continue;
            }

            var steps = present.SelectMany(n => metrics[n].Select(p => p.Step)).Distinct().Order().ToList();
            var shown = Thin(steps);
            var values = present.ToDictionary(name => name, name => Fill(shown, metrics[name].GroupBy(p => p.Step).ToDictionary(g => g.Key, g => g.Last().Value)));
            var scale = Scale(values.Values.SelectMany(v => v));
            var series = present.Select(name => new ChartSeries<double> { Name = name, Data = new ChartData<double>(values[name].Select(v => v * scale).ToArray()) }).ToList();
            var labels = shown.Select((s, i) => i % Math.Max(1, shown.Count / 6) == 0 ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "").ToArray();
            var options = new LineChartOptions { YAxisTicks = 1, MaxNumYAxisTicks = 8, YAxisRequireZeroPoint = false };
            yield return new RunChart(scale == 1 ? title : $"{title} (×{scale:G})", series, labels, options, NotFinite(present, metrics));
        }
    }

    /// <summary>
    /// The chart's ticks are whole numbers, so small values are drawn multiplied by a power of ten (the title says which)
    /// until their largest magnitude reaches at least 5.
    /// </summary>
    private static double Scale(IEnumerable<double> values)
    {
        var largest = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var scale = 1.0;
        while (largest > 0 && largest * scale < 5 && scale < 1e6)
        {
            scale *= 10;
        }

        return scale;
    }

    private static string? NotFinite(List<string> names, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> metrics)
    {
        var notes = names
            .Select(name => (Name: name, Steps: metrics[name].Where(p => !double.IsFinite(p.Value)).Select(p => p.Step).Distinct().Order().ToList()))
            .Where(n => n.Steps.Count > 0)
            .Select(n => string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{n.Name} was not finite at {n.Steps.Count} {(n.Steps.Count == 1 ? "step" : "steps")} (first at step {n.Steps[0]})"))
            .ToList();
        return notes.Count == 0 ? null : string.Join("; ", notes) + ". The line carries the last finite value over them.";
    }

    /// <summary>At most <see cref="MaxPoints"/> steps, evenly spread, the last always kept.</summary>
    private static List<int> Thin(List<int> steps)
    {
        if (steps.Count <= MaxPoints)
        {
            return steps;
        }

        var every = (double)steps.Count / MaxPoints;
        var thinned = Enumerable.Range(0, MaxPoints).Select(i => steps[(int)(i * every)]).ToList();
        thinned[^1] = steps[^1];
        return thinned;
    }

    /// <summary>A held-out value is logged only every few steps; between them the chart carries the last one forward.</summary>
    private static double[] Fill(List<int> steps, Dictionary<int, double> byStep)
    {
        var values = new double[steps.Count];
        double? last = null;
        for (var i = 0; i < steps.Count; i++)
        {
            if (byStep.TryGetValue(steps[i], out var value) && double.IsFinite(value))
            {
                last = value;
            }

            values[i] = last ?? byStep.Where(p => double.IsFinite(p.Value)).Select(p => p.Value).DefaultIfEmpty(0).First();
        }

        return values;
    }
}
