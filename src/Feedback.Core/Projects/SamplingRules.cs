using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>The ranges a project's sampling settings must keep to.</summary>
public static class SamplingRules
{
    public const int MaxNewTokensLimit = 1024;
    public const int MaxKeepUnrated = 10_000;

    public static IReadOnlyList<string> Problems(SamplingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        if (!double.IsFinite(settings.Temperature) || settings.Temperature is < 0 or > 5)
        {
            problems.Add("The temperature must be between 0 (greedy) and 5.");
        }

        if (!(settings.TopP is > 0 and <= 1))
        {
            problems.Add("Top-p must be above 0 and at most 1.");
        }

        if (settings.TopK is < 0 or > 100_000)
        {
            problems.Add("Top-k must be 0 (off) or a positive number of tokens.");
        }

        if (settings.MaxNewTokens is < 1 or > MaxNewTokensLimit)
        {
            problems.Add($"Max new tokens must be between 1 and {MaxNewTokensLimit:N0}.");
        }

        if (!double.IsFinite(settings.GuidanceScale) || settings.GuidanceScale is < 0 or > 30)
        {
            problems.Add("The guidance scale must be between 0 and 30.");
        }

        if (settings.DiffusionSteps is < 1 or > 1000)
        {
            problems.Add("Diffusion steps must be between 1 and 1,000.");
        }

        if (settings.KeepUnratedComparisons is < 0 or > MaxKeepUnrated)
        {
            problems.Add($"The top-up target must be between 0 (off) and {MaxKeepUnrated:N0}.");
        }

        return problems;
    }
}
