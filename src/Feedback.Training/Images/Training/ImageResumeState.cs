namespace Feedback.Training.Images.Training;

/// <summary>The step an image run saved at, the steps it skipped, and its held-out loss before training.</summary>
public sealed record ImageResumeState(int Step, int NonFiniteSteps, double? InitialHeldOutLoss);
