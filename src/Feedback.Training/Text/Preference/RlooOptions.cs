namespace Feedback.Training.Text.Preference;

/// <summary>How a policy is trained against a reward model with RLOO (REINFORCE with a leave-one-out baseline).</summary>
public sealed record RlooOptions
{
    public int Steps { get; init; } = 60;

    public int PromptsPerStep { get; init; } = 8;

    /// <summary>Samples drawn per prompt (k, at least 2): each one's baseline is the mean reward of the other k - 1.</summary>
    public int SamplesPerPrompt { get; init; } = 4;

    /// <summary>Weight of the sequence KL to the reference subtracted from the reward model's score.</summary>
    public double KlCoefficient { get; init; } = 0.05;

    /// <summary>The mean sequence KL (nats) beyond which the run stops early.</summary>
    public double KlBudget { get; init; } = 10.0;

    public int MaxNewTokens { get; init; } = 64;

    public double Temperature { get; init; } = 1.0;

    public double LearningRate { get; init; } = 2e-5;

    public int WarmupSteps { get; init; } = 5;

    public double ClipNorm { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    /// <summary>Steps between resume points.</summary>
    public int SaveEvery { get; init; } = 10;

    public int MaxNonFiniteInARow { get; init; } = 10;

    public void Validate()
    {
        PreferenceOptionChecks.RequireLoop(Steps, PromptsPerStep, SaveEvery, MaxNonFiniteInARow, LearningRate, WarmupSteps, ClipNorm);
        if (SamplesPerPrompt < 2)
        {
            throw new ArgumentException("RLOO needs at least 2 samples per prompt for its leave-one-out baseline.");
        }

        if (MaxNewTokens <= 0 || !(Temperature > 0) || double.IsInfinity(Temperature))
        {
            throw new ArgumentException("New tokens and the temperature must be positive.");
        }

        if (!(KlCoefficient >= 0) || !(KlBudget > 0))
        {
            throw new ArgumentException("The KL coefficient cannot be negative and the KL budget must be positive.");
        }
    }
}
