namespace Feedback.Training.Images.Training;

/// <summary>What a finished image training run measured on its held-out images.</summary>
public sealed record ImageTrainingReport(int Steps, double InitialHeldOutLoss, double FinalHeldOutLoss, int NonFiniteSteps);
