using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Core.Rating;
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

    [Fact]
    public async Task A_projects_gate_starts_at_the_defaults_keeps_valid_thresholds_and_refuses_others_with_every_reason()
    {
        var (id, _) = await Projects.CreateAsync(new NewProject { Name = "Gated" }, "creator");
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext())
        {
            var gate = (await db.Projects.SingleAsync(p => p.Id == id)).Gate;
            (gate.MinWinRate, gate.MaxKl, gate.MaxLengthDrift, gate.EvaluationPrompts).ShouldBe((0.55, 20.0, 0.5, 32));
        }

        var refused = await Projects.UpdateGateAsync(id!.Value, new GateSettings { MinWinRate = 1.5, MaxKl = -1, MaxLengthDrift = double.NaN, EvaluationPrompts = 0 });
        refused.Errors.Count.ShouldBe(4);
        (await Projects.UpdateGateAsync(id.Value, new GateSettings { MinWinRate = 0.6, MaxKl = 5, MaxLengthDrift = 0.7, EvaluationPrompts = 64 })).Succeeded.ShouldBeTrue();

        await using var check = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        var saved = (await check.Projects.SingleAsync(p => p.Id == id)).Gate;
        (saved.MinWinRate, saved.MaxKl, saved.MaxLengthDrift, saved.EvaluationPrompts).ShouldBe((0.6, 5.0, 0.7, 64));
    }

    [Fact]
    public async Task A_projects_guidelines_are_replaced_trimmed_and_refused_when_too_long_without_losing_the_old_ones()
    {
        var (id, _) = await Projects.CreateAsync(new NewProject { Name = "Guided", GuidelinesMarkdown = "Prefer **short** answers." }, "creator");

        var refused = await Projects.UpdateGuidelinesAsync(id!.Value, new string('x', NewProject.MaxGuidelinesLength + 1));
        refused.Errors.ShouldHaveSingleItem().ShouldContain("longer than 100,000 characters");
        (await GuidelinesAsync(id.Value)).ShouldBe("Prefer **short** answers.");

        (await Projects.UpdateGuidelinesAsync(id.Value, "  Prefer *correct* answers.\n")).Succeeded.ShouldBeTrue();
        (await GuidelinesAsync(id.Value)).ShouldBe("Prefer *correct* answers.");

        (await Projects.UpdateGuidelinesAsync(id.Value + 1000, "Anything")).Errors.ShouldHaveSingleItem().ShouldContain("does not exist");
    }

    [Fact]
    public async Task A_projects_settings_change_with_every_reason_refused_and_no_name_shared_with_another_open_project()
    {
        var (id, _) = await Projects.CreateAsync(new NewProject { Name = "First" }, "creator");
        await Projects.CreateAsync(new NewProject { Name = "Second" }, "creator");

        var refused = await Projects.UpdateSettingsAsync(id!.Value, new ProjectSettings { Name = " ", VotesPerComparison = 51, GoldRate = -0.1 });
        refused.Errors.Count.ShouldBe(3);
        (await Projects.UpdateSettingsAsync(id.Value, new ProjectSettings { Name = "Second" })).Errors.ShouldHaveSingleItem().ShouldContain("already exists");

        var changed = new ProjectSettings { Name = "  Renamed ", VotesPerComparison = 5, GoldRate = 0.2, AssignmentPolicy = AssignmentPolicy.OldestFirst };
        (await Projects.UpdateSettingsAsync(id.Value, changed)).Succeeded.ShouldBeTrue();
        (await Projects.UpdateSettingsAsync(id.Value, changed)).Succeeded.ShouldBeTrue();

        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        var project = await db.Projects.SingleAsync(p => p.Id == id);
        (project.Name, project.VotesPerComparison, project.GoldRate, project.AssignmentPolicy).ShouldBe(("Renamed", 5, 0.2, AssignmentPolicy.OldestFirst));
    }

    [Fact]
    public async Task An_archived_project_leaves_the_raters_queue_hands_out_nothing_takes_no_items_and_is_restored_unless_its_name_is_taken()
    {
        var (id, _) = await Projects.CreateAsync(new NewProject { Name = "Shelved" }, "creator");
        var content = app.Services.GetRequiredService<ProjectContent>();
        var item = new NewItem { Prompt = "What is 2 + 2?", Candidates = [NewCandidate.FromText("4"), NewCandidate.FromText("5")] };
        (await content.AddItemAsync(id!.Value, item)).Result.Succeeded.ShouldBeTrue();
        var queue = app.Services.GetRequiredService<RaterQueue>();
        var engine = app.Services.GetRequiredService<AssignmentEngine>();
        var rater = await TestUsers.CreateAsync(app, "ann", Roles.Annotator);

        (await Projects.SetArchivedAsync(id.Value, archived: true)).Succeeded.ShouldBeTrue();
        (await queue.ProjectsAsync(rater)).ShouldBeEmpty();
        (await engine.NextAsync(id.Value, rater)).ShouldBeNull();
        (await content.AddItemAsync(id.Value, item)).Result.Errors.ShouldHaveSingleItem().ShouldContain("archived");

        var (twin, _) = await Projects.CreateAsync(new NewProject { Name = "Shelved" }, "creator");
        (await Projects.SetArchivedAsync(id.Value, archived: false)).Errors.ShouldHaveSingleItem().ShouldContain("rename one of them first");
        (await Projects.SetArchivedAsync(twin!.Value, archived: true)).Succeeded.ShouldBeTrue();
        (await Projects.SetArchivedAsync(id.Value, archived: false)).Succeeded.ShouldBeTrue();
        (await queue.ProjectsAsync(rater)).ShouldHaveSingleItem().ProjectId.ShouldBe(id.Value);
        (await engine.NextAsync(id.Value, rater)).ShouldNotBeNull();
    }

    private async Task<string> GuidelinesAsync(long projectId)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        return await db.Projects.Where(p => p.Id == projectId).Select(p => p.GuidelinesMarkdown).SingleAsync();
    }
}
