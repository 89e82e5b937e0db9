namespace Feedback.Training.Text.Training;

/// <summary>How far a run got: the next step to take, and what it measured before its first step.</summary>
public sealed record TextResumeState(int Step, int NonFiniteSteps, double? InitialHeldOutLoss);
