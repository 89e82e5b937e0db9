using Feedback.Training.Text.Preference;

namespace Feedback.UnitTests.Training.Preference;

/// <summary>Cancels a run once it reports <paramref name="steps"/> steps, as a stopped worker would.</summary>
internal sealed class StopAfter(int steps, CancellationTokenSource stop) : IProgress<TrainingStepMetrics>
{
    public void Report(TrainingStepMetrics value)
    {
        if (value.Step >= steps)
        {
            stop.Cancel();
        }
    }
}
