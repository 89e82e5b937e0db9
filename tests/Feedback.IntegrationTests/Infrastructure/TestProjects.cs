using Feedback.Core.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Infrastructure;

public static class TestProjects
{
    /// <summary>Creates a project through the same service the Projects page uses, and returns its id.</summary>
    public static async Task<long> CreateAsync(FeedbackAppFactory app, NewProject project, string createdById)
    {
        var (id, result) = await app.Services.GetRequiredService<ProjectAdministration>().CreateAsync(project, createdById);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        return id!.Value;
    }
}
