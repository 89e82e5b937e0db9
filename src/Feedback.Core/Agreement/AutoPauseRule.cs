using System.Globalization;
using Feedback.Core.Domain;

namespace Feedback.Core.Agreement;

/// <summary>The project's rule for pausing a rater without an admin: the first limit they break, in words, or null.</summary>
public static class AutoPauseRule
{
    public const int MinGoldAnswers = 5;

    public static string? Reason(RaterReliabilityRow rater, ReliabilitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(rater);
        ArgumentNullException.ThrowIfNull(settings);
        if (rater.Votes < settings.AutoPauseMinVotes)
        {
            return null;
        }

        if (rater.GoldAnswered >= MinGoldAnswers && rater.GoldAccuracy < settings.AutoPauseMinGoldAccuracy)
        {
            return Format($"Gold accuracy {P(rater.GoldAccuracy)} over {rater.GoldAnswered} gold items is below {P(settings.AutoPauseMinGoldAccuracy)}.");
        }

        if (rater.MajorityCompared >= settings.AutoPauseMinVotes && rater.MajorityAgreement < settings.AutoPauseMinMajorityAgreement)
        {
            return Format($"Agreement with the other raters' majority {P(rater.MajorityAgreement)} is below {P(settings.AutoPauseMinMajorityAgreement)}.");
        }

        if (rater.TooFastShare > settings.AutoPauseMaxTooFastShare)
        {
            return Format($"{P(rater.TooFastShare)} of votes were answered in under the speed floor, above the {P(settings.AutoPauseMaxTooFastShare)} allowed.");
        }

        var interval = rater.LeftShareInterval;
        var (low, high) = (0.5 - settings.AutoPauseMaxSideBias, 0.5 + settings.AutoPauseMaxSideBias);
        if (rater.SidedVotes > 0 && (interval.Low > high || interval.High < low))
        {
            return Format($"Picked the left side {P(rater.LeftShare)} of the time (95% interval {P(interval.Low)} to {P(interval.High)}), outside {P(low)} to {P(high)}.");
        }

        return null;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string P(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
