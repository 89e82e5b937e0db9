namespace Feedback.Jobs.Training;

/// <summary>A researcher cancelled the run; it stops at the step it reached.</summary>
public sealed class RunCancelledException(long runId) : Exception($"Run {runId} was cancelled.");
