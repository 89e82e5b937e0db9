namespace Feedback.Training.Text.Preference;

/// <summary>The checks every preference trainer's options share.</summary>
internal static class PreferenceOptionChecks
{
    public static void RequireLoop(
        int steps, int batchSize, int saveEvery, int maxNonFiniteInARow, double learningRate, int warmupSteps, double clipNorm)
    {
        if (steps <= 0 || batchSize <= 0 || saveEvery <= 0 || maxNonFiniteInARow <= 0)
        {
            throw new ArgumentException("Steps, batch size, save interval and the non-finite step limit must be positive.");
        }

        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentException("The learning rate must be positive.");
        }

        if (warmupSteps < 0)
        {
            throw new ArgumentException("Warm-up steps cannot be negative.");
        }

        if (!(clipNorm > 0))
        {
            throw new ArgumentException("The gradient clipping norm must be positive.");
        }
    }
}
