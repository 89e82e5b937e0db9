using System.Globalization;

namespace Feedback.Web.Components.Pages.Training;

/// <summary>
/// The gate's figures from a checkpoint's or run's metrics, in words: the reward model's win rate, then KL and length
/// drift for text models or mean prompt adherence beside the serving model's for image models.
/// </summary>
public static class GateFigures
{
    public static IReadOnlyList<string> For(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var figures = new List<string>();
        if (metrics.TryGetValue("gate/win_rate", out var winRate))
        {
            figures.Add(Invariant($"win rate {winRate:P1}"));
        }

        if (metrics.TryGetValue("gate/adherence", out var adherence))
        {
            figures.Add(metrics.TryGetValue("gate/serving_adherence", out var serving)
                ? Invariant($"adherence {adherence:F3} against {serving:F3} serving")
                : Invariant($"adherence {adherence:F3}"));
        }

        if (metrics.TryGetValue("gate/kl", out var kl))
        {
            figures.Add(Invariant($"KL {kl:F2}"));
        }

        if (metrics.TryGetValue("gate/length_drift", out var drift))
        {
            figures.Add(Invariant($"length drift {drift:+0.0%;-0.0%;0.0%}"));
        }

        if (metrics.TryGetValue("gate/images", out var images))
        {
            figures.Add(Invariant($"{images:N0} held-out images"));
        }
        else if (metrics.TryGetValue("gate/answers", out var answers))
        {
            figures.Add(Invariant($"{answers:N0} held-out answers"));
        }

        return figures;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
