using Feedback.Core.Domain;

namespace Feedback.Jobs.Training;

/// <summary>How a new policy fared against the serving one: what fails the project's gate, a one-line summary, and the figures to store.</summary>
public interface IGateReport
{
    IReadOnlyList<string> Failures(GateSettings gate);

    string Summary();

    IReadOnlyDictionary<string, double> ToMetrics();
}
