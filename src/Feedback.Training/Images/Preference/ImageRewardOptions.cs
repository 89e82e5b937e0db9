using Feedback.Training.Text.Preference;

namespace Feedback.Training.Images.Preference;

/// <summary>How an image reward model is trained with the Bradley-Terry loss.</summary>
public sealed record ImageRewardOptions
{
    public int Steps { get; init; } = 400;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 3e-4;

    public int WarmupSteps { get; init; } = 20;

    public double WeightDecay { get; init; } = 0.01;

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    public int SaveEvery { get; init; } = 50;

    public int MaxNonFiniteInARow { get; init; } = 10;

    public void Validate() => PreferenceOptionChecks.RequireLoop(Steps, BatchSize, SaveEvery, MaxNonFiniteInARow, LearningRate, WarmupSteps, ClipNorm);
}
