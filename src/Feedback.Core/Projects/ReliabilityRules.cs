using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>The ranges a project's rater checks must lie in, each problem naming its setting.</summary>
public static class ReliabilityRules
{
    public static IReadOnlyList<string> Problems(ReliabilitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        Share(settings.SwapRepeatRate, "The swapped repeat rate", problems, max: 0.5);
        if (!double.IsFinite(settings.TooFastSeconds) || settings.TooFastSeconds is < 0 or > 600)
        {
            problems.Add("The speed floor must be between 0 and 600 seconds.");
        }

        if (settings.AutoPauseMinVotes is < 1 or > 100_000)
        {
            problems.Add("The votes before the automatic rule judges a rater must be between 1 and 100,000.");
        }

        Share(settings.AutoPauseMinGoldAccuracy, "The minimum gold accuracy", problems);
        Share(settings.AutoPauseMinMajorityAgreement, "The minimum agreement with the majority", problems);
        Share(settings.AutoPauseMaxTooFastShare, "The maximum share of too-fast votes", problems);
        Share(settings.AutoPauseMaxSideBias, "The allowed side bias", problems, max: 0.5);
        return problems;
    }

    private static void Share(double value, string name, List<string> problems, double max = 1)
    {
        if (!double.IsFinite(value) || value < 0 || value > max)
        {
            problems.Add(FormattableString.Invariant($"{name} must be between 0 and {max}."));
        }
    }
}
