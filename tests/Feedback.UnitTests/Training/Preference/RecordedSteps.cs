using Feedback.Training.Text.Preference;

namespace Feedback.UnitTests.Training.Preference;

/// <summary>Keeps every step's metrics.</summary>
internal sealed class RecordedSteps : IProgress<TrainingStepMetrics>
{
    public List<TrainingStepMetrics> Steps { get; } = [];

    public void Report(TrainingStepMetrics value) => Steps.Add(value);
}
