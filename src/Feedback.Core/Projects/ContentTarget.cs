using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Projects;

/// <summary>A project that new items can be added to: it exists and is not archived.</summary>
internal sealed record ContentTarget(long ProjectId, Modality Modality)
{
    /// <summary>The project, or why it takes no new items.</summary>
    public static async Task<(ContentTarget? Target, string? Problem)> FindAsync(FeedbackDbContext db, long projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking()
            .Where(p => p.Id == projectId)
            .Select(p => new { p.Name, p.Modality, p.IsArchived })
            .SingleOrDefaultAsync(ct);
        return project switch
        {
            null => (null, $"Project {projectId} does not exist."),
            { IsArchived: true } => (null, $"The project '{project.Name}' is archived; it takes no new items."),
            _ => (new ContentTarget(projectId, project.Modality), null),
        };
    }
}
