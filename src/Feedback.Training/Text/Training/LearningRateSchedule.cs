namespace Feedback.Training.Text.Training;

/// <summary>Linear warm-up, then cosine decay down to a floor.</summary>
public static class LearningRateSchedule
{
    public static double At(int step, TextTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return At(step, options.Steps, options.WarmupSteps, options.LearningRate, options.MinLearningRateRatio);
    }

    public static double At(int step, int steps, int warmupSteps, double learningRate, double minLearningRateRatio)
    {
        if (step < warmupSteps)
        {
            return learningRate * (step + 1) / warmupSteps;
        }

        var progress = Math.Min(1.0, (double)(step - warmupSteps) / Math.Max(1, steps - warmupSteps));
        var floor = learningRate * minLearningRateRatio;
        return floor + ((learningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
