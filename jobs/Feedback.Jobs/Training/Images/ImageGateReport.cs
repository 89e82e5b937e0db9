using System.Globalization;
using Feedback.Core.Domain;

namespace Feedback.Jobs.Training.Images;

/// <summary>How a new image model fared against the serving one on held-out captions drawn from the same seeds: the reward model's verdicts and both models' mean prompt adherence.</summary>
public sealed record ImageGateReport(int Images, int Wins, int Losses, int Ties, double CandidateAdherence, double ServingAdherence) : IGateReport
{
    /// <summary>Ties count half.</summary>
    public double WinRate => Images == 0 ? 0 : (Wins + (0.5 * Ties)) / Images;

    public double AdherenceChange => CandidateAdherence - ServingAdherence;

    public IReadOnlyList<string> Failures(GateSettings gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var failures = new List<string>();
        if (WinRate < gate.MinWinRate)
        {
            failures.Add(Invariant($"win rate {WinRate:P1} is below {gate.MinWinRate:P1}"));
        }

        if (AdherenceChange < -gate.MaxAdherenceDrop)
        {
            failures.Add(Invariant($"adherence fell by {-AdherenceChange:F3}, more than {gate.MaxAdherenceDrop:F3}"));
        }

        return failures;
    }

    public string Summary() => Invariant(
        $"reward-model win rate {WinRate:P1} ({Wins} wins, {Losses} losses, {Ties} ties over {Images} held-out images), adherence {CandidateAdherence:F3} against {ServingAdherence:F3}");

    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        ["gate/win_rate"] = WinRate,
        ["gate/adherence"] = CandidateAdherence,
        ["gate/serving_adherence"] = ServingAdherence,
        ["gate/images"] = Images,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
