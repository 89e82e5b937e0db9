namespace Feedback.Core.Rating;

/// <summary>
/// A rater's progress in one project: votes given since the rater's midnight, and items still open to them (those they hold
/// included). A paused rater has nothing open; the pause's reason says why.
/// </summary>
public sealed record RaterProgress(int DoneToday, int LeftInQueue, string? PauseReason = null, bool PausedAutomatically = false)
{
    public bool IsPaused => PauseReason is not null;
}
