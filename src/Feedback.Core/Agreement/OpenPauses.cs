using Feedback.Core.Domain;

namespace Feedback.Core.Agreement;

internal static class OpenPauses
{
    /// <summary>The rater's pause in the project that has not been resumed (at most one).</summary>
    public static IQueryable<RaterPause> OpenFor(this IQueryable<RaterPause> pauses, long projectId, string raterId) =>
        pauses.Where(p => p.ProjectId == projectId && p.RaterId == raterId && p.ResumedAt == null);
}
