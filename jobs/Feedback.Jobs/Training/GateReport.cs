using System.Globalization;
using Feedback.Core.Domain;

namespace Feedback.Jobs.Training;

/// <summary>How a new policy fared against the serving one on held-out prompts, and whether that passes the project's gate.</summary>
public sealed record GateReport(
    int Answers, int Wins, int Losses, int Ties, double Kl, double CandidateMeanLength, double ServingMeanLength) : IGateReport
{
    /// <summary>Ties count half.</summary>
    public double WinRate => Answers == 0 ? 0 : (Wins + (0.5 * Ties)) / Answers;

    /// <summary>The relative change of the mean answer length (0.1 is 10% longer).</summary>
    public double LengthDrift => ServingMeanLength == 0 ? 0 : (CandidateMeanLength / ServingMeanLength) - 1;

    public IReadOnlyList<string> Failures(GateSettings gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var failures = new List<string>();
        if (WinRate < gate.MinWinRate)
        {
            failures.Add(Invariant($"win rate {WinRate:P1} is below {gate.MinWinRate:P1}"));
        }

        if (Kl > gate.MaxKl)
        {
            failures.Add(Invariant($"KL {Kl:F2} is above {gate.MaxKl:F2}"));
        }

        if (Math.Abs(LengthDrift) > gate.MaxLengthDrift)
        {
            failures.Add(Invariant($"length drift {LengthDrift:+0.0%;-0.0%} is beyond ±{gate.MaxLengthDrift:P1}"));
        }

        return failures;
    }

    public string Summary() => Invariant(
        $"reward-model win rate {WinRate:P1} ({Wins} wins, {Losses} losses, {Ties} ties over {Answers} held-out answers), KL {Kl:F2}, length drift {LengthDrift:+0.0%;-0.0%}");

    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        ["gate/win_rate"] = WinRate,
        ["gate/kl"] = Kl,
        ["gate/length_drift"] = LengthDrift,
        ["gate/answers"] = Answers,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
