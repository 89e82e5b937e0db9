namespace Feedback.Core.Rating;

/// <summary>A rater's progress in one project: votes given since midnight (UTC), and items still open to them (those they hold included).</summary>
public sealed record RaterProgress(int DoneToday, int LeftInQueue);
