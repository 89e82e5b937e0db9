namespace Feedback.Training.Datasets.Text;

/// <summary>A simulated rater's pick between two answers, as <see cref="SimulatedPreference"/> makes it.</summary>
public enum PreferredAnswer
{
    First = 0,
    Second = 1,
    Tie = 2,
}
