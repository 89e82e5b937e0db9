namespace Feedback.Training.Text.Training;

/// <summary>How a text model is trained. Pre-training learns every token; fine-tuning only the answers.</summary>
public sealed record TextTrainingOptions
{
    public bool AnswersOnly { get; init; }

    public int Steps { get; init; } = 2000;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 3e-3;

    public double MinLearningRateRatio { get; init; } = 0.1;

    public int WarmupSteps { get; init; } = 100;

    public double WeightDecay { get; init; } = 0.01;

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    /// <summary>Steps between saved resume points (and held-out evaluations).</summary>
    public int SaveEvery { get; init; } = 200;

    public int EvalBatches { get; init; } = 8;

    /// <summary>A run stops with an error after this many non-finite losses in a row.</summary>
    public int MaxNonFiniteInARow { get; init; } = 20;

    public void Validate()
    {
        if (Steps <= 0 || BatchSize <= 0 || SaveEvery <= 0 || EvalBatches <= 0)
        {
            throw new ArgumentException("Steps, batch size, save interval and evaluation batches must be positive.");
        }

        if (LearningRate <= 0 || double.IsNaN(LearningRate))
        {
            throw new ArgumentException("The learning rate must be positive.");
        }
    }
}
