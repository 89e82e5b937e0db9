namespace Feedback.Training.Images.Training;

/// <summary>How an image model part is trained: AdamW with warm-up and cosine decay, clipped gradients, a resume point every <see cref="SaveEvery"/> steps.</summary>
public sealed record ImageTrainingOptions
{
    public int Steps { get; init; } = 4000;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 1e-3;

    public int WarmupSteps { get; init; } = 100;

    public double MinLearningRateRatio { get; init; } = 0.05;

    public double WeightDecay { get; init; }

    public double ClipNorm { get; init; } = 1.0;

    public int SaveEvery { get; init; } = 250;

    public int Seed { get; init; } = 1;

    public int MaxNonFiniteInARow { get; init; } = 10;

    public void Validate()
    {
        if (Steps <= 0 || BatchSize <= 0 || SaveEvery <= 0 || WarmupSteps < 0 || MaxNonFiniteInARow <= 0)
        {
            throw new ArgumentException("Steps, batch size and the save interval must be positive.");
        }

        if (!(LearningRate > 0) || !(ClipNorm > 0) || WeightDecay < 0 || MinLearningRateRatio is < 0 or > 1)
        {
            throw new ArgumentException("The learning rate and clip norm must be positive, the weight decay not negative, the floor ratio in 0..1.");
        }
    }
}
