namespace Feedback.Training.Text.Training;

/// <summary>A run that kept producing non-finite losses and stopped, with the reason.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
