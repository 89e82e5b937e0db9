namespace Feedback.Core.Domain;

/// <summary>
/// A rater kept from new assignments in a project, by an admin or by the project's automatic rule, with the reason
/// shown to admins. While it is open, snapshots leave out all the rater's votes in the project unless asked not to.
/// Resuming closes the pause; the row stays as history.
/// </summary>
public sealed class RaterPause
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string RaterId { get; set; }
    public required string Reason { get; set; }
    public bool IsAutomatic { get; set; }

    /// <summary>The admin who paused the rater; null for the automatic rule.</summary>
    public string? PausedById { get; set; }

    public DateTimeOffset PausedAt { get; set; }
    public DateTimeOffset? ResumedAt { get; set; }
    public string? ResumedById { get; set; }
}
