namespace Feedback.Training.Images.Training;

/// <summary>Where an image training run stands after a step; <see cref="HeldOutLoss"/> is set on the steps that evaluate.</summary>
public sealed record ImageTrainingProgress(int Step, int Steps, double Loss, double LearningRate, double ImagesPerSecond, double? HeldOutLoss, int NonFiniteSteps);
