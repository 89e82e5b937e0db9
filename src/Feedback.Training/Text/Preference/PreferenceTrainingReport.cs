namespace Feedback.Training.Text.Preference;

/// <summary>
/// How a run ended: the steps taken, how many of them were skipped for non-finite values, the last held-out metrics,
/// and, when it ended before its last step for a reason (a KL budget passed), that reason.
/// </summary>
public sealed record PreferenceTrainingReport(
    int StepsDone, int NonFiniteSteps, IReadOnlyDictionary<string, double> FinalHeldOut, string? StoppedEarlyReason);
