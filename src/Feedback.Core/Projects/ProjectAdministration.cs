using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Projects;

public sealed class ProjectAdministration(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Creates the project and returns its id, or the reasons it was refused.</summary>
    public async Task<(long? ProjectId, OperationResult Result)> CreateAsync(NewProject project, string createdById, CancellationToken ct = default)
    {
        var problems = project.Problems();
        if (problems.Count > 0)
        {
            return (null, new OperationResult(false, problems));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = project.Name.Trim();
        if (await db.Projects.AnyAsync(p => p.Name == name && !p.IsArchived, ct))
        {
            return (null, OperationResult.Failed($"A project named '{name}' already exists."));
        }

        var entity = new Project
        {
            Name = name,
            Modality = project.Modality,
            GuidelinesMarkdown = project.GuidelinesMarkdown,
            VotesPerComparison = project.VotesPerComparison,
            GoldRate = project.GoldRate,
            AssignmentPolicy = project.AssignmentPolicy,
            CreatedById = createdById,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Projects.Add(entity);
        await db.SaveChangesAsync(ct);
        return (entity.Id, OperationResult.Success);
    }
}
