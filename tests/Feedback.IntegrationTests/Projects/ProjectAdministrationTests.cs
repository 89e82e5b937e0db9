using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Projects;

public sealed class ProjectAdministrationTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync() => app = await FeedbackAppFactory.CreateAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    private ProjectAdministration Projects => app.Services.GetRequiredService<ProjectAdministration>();

    [Fact]
    public async Task A_researcher_creates_a_project_with_its_settings()
    {
        var (id, result) = await Projects.CreateAsync(new NewProject
        {
            Name = "  Helpful answers  ",
            Modality = Modality.Image,
            GuidelinesMarkdown = "Prefer the **correct** answer.",
            VotesPerComparison = 5,
            GoldRate = 0.1,
            AssignmentPolicy = AssignmentPolicy.OldestFirst,
        }, "creator");

        result.Succeeded.ShouldBeTrue();
        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        var project = await db.Projects.SingleAsync(p => p.Id == id);
        project.Name.ShouldBe("Helpful answers");
        project.Modality.ShouldBe(Modality.Image);
        project.VotesPerComparison.ShouldBe(5);
        project.GoldRate.ShouldBe(0.1);
        project.AssignmentPolicy.ShouldBe(AssignmentPolicy.OldestFirst);
        project.CreatedById.ShouldBe("creator");
    }

    [Fact]
    public async Task Invalid_settings_are_refused_with_every_reason_and_nothing_is_stored()
    {
        var (id, result) = await Projects.CreateAsync(new NewProject { Name = " ", VotesPerComparison = 0, GoldRate = 1.5 }, "creator");

        id.ShouldBeNull();
        result.Errors.ShouldBe(
        [
            "A name is required.",
            "Votes per comparison must be between 1 and 50.",
            "The gold rate must be between 0% and 100%.",
        ]);
        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        (await db.Projects.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Two_open_projects_cannot_share_a_name()
    {
        (await Projects.CreateAsync(new NewProject { Name = "Twins" }, "creator")).Result.Succeeded.ShouldBeTrue();

        var (_, second) = await Projects.CreateAsync(new NewProject { Name = "Twins" }, "creator");

        second.Errors.ShouldHaveSingleItem().ShouldContain("already exists");
    }
}
