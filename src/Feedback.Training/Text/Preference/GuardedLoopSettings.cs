namespace Feedback.Training.Text.Preference;

/// <summary>The optimizer, schedule and guard settings that every preference trainer hands its loop.</summary>
internal sealed record GuardedLoopSettings(
    int Steps, double LearningRate, int WarmupSteps, double WeightDecay, double ClipNorm, int SaveEvery, int MaxNonFiniteInARow);
