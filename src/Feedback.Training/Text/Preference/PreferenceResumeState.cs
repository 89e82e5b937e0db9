namespace Feedback.Training.Text.Preference;

/// <summary>How far a preference run got: the next step, the skipped steps, the last held-out metrics, and why it stopped early if it did.</summary>
internal sealed record PreferenceResumeState(
    int Step, int NonFiniteSteps, Dictionary<string, double>? LastHeldOut, string? StoppedEarlyReason);
