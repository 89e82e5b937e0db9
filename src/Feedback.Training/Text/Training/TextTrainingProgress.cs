namespace Feedback.Training.Text.Training;

/// <summary>Where a run stands after a step; <see cref="HeldOutLoss"/> is set on the steps that evaluate.</summary>
public sealed record TextTrainingProgress(
    int Step, int Steps, double Loss, double LearningRate, double TokensPerSecond, double? HeldOutLoss, int NonFiniteSteps);
