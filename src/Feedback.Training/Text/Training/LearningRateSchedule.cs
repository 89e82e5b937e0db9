namespace Feedback.Training.Text.Training;

/// <summary>Linear warm-up, then cosine decay down to a floor.</summary>
public static class LearningRateSchedule
{
    public static double At(int step, TextTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (step < options.WarmupSteps)
        {
            return options.LearningRate * (step + 1) / options.WarmupSteps;
        }

        var progress = Math.Min(1.0, (double)(step - options.WarmupSteps) / Math.Max(1, options.Steps - options.WarmupSteps));
        var floor = options.LearningRate * options.MinLearningRateRatio;
        return floor + ((options.LearningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
