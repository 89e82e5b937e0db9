using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>The ranges a project's gate thresholds must keep to.</summary>
public static class GateRules
{
    public const int MaxEvaluationPrompts = 1000;

    public static IReadOnlyList<string> Problems(GateSettings gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var problems = new List<string>();
        if (!(gate.MinWinRate is >= 0 and <= 1))
        {
            problems.Add("The minimum win rate must be between 0% and 100%.");
        }

        if (!(gate.MaxKl >= 0) || double.IsNaN(gate.MaxKl))
        {
            problems.Add("The KL budget must be zero or more.");
        }

        if (!(gate.MaxLengthDrift >= 0) || double.IsNaN(gate.MaxLengthDrift))
        {
            problems.Add("The allowed length drift must be zero or more.");
        }

        if (!(gate.MaxAdherenceDrop is >= 0 and <= 1))
        {
            problems.Add("The allowed adherence drop must be between 0 and 1.");
        }

        if (gate.EvaluationPrompts is < 1 or > MaxEvaluationPrompts)
        {
            problems.Add($"The evaluation answers must be between 1 and {MaxEvaluationPrompts:N0}.");
        }

        return problems;
    }
}
