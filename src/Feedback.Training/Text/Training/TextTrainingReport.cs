namespace Feedback.Training.Text.Training;

/// <summary>What a finished run achieved: held-out loss before the first step and after the last.</summary>
public sealed record TextTrainingReport(int Steps, double InitialHeldOutLoss, double FinalHeldOutLoss, int NonFiniteSteps);
