using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Demo;
using Feedback.Jobs.Generation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Jobs;

public sealed class DemoSeederTests
{
    private const string Password = "Demo-Passw0rd";

    [Fact]
    public async Task The_demo_seed_on_start_adds_accounts_and_two_projects_to_rate_once()
    {
        await using var app = await FeedbackAppFactory.CreateAsync(settings =>
        {
            settings["Feedback:Demo:Seed"] = "true";
            settings["Feedback:Demo:Password"] = Password;
        });
        _ = app.Server;

        // A second run (the next start) changes nothing.
        await app.Services.GetRequiredService<DemoSeeder>().SeedAsync("Another-Passw0rd");

        var users = await app.Services.GetRequiredService<UserAdministration>().ListAsync();
        users.Single(u => u.UserName == "annotator").Roles.ShouldBe([Roles.Annotator]);
        users.Single(u => u.UserName == "annotator2").Roles.ShouldBe([Roles.Annotator]);
        users.Single(u => u.UserName == "researcher").Roles.ShouldContain(Roles.Researcher);
        using var client = await LoginClient.LoggedInAsync(app, "annotator", Password);

        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        var projects = await db.Projects.Select(p => new
        {
            p.Name,
            p.Modality,
            Comparisons = p.Comparisons.Count,
            Rankings = p.Comparisons.Count(c => c.Candidates.Count > 2),
            Gold = p.Comparisons.Count(c => c.IsGold && c.GoldPreferredCandidateId != null),
            Dialogues = p.Comparisons.Count(c => c.Prompt!.EarlierTurns.Count > 0),
        }).ToListAsync();
        projects.Count.ShouldBe(2);

        var text = projects.Single(p => p.Name == DemoSeeder.TextProjectName);
        text.Modality.ShouldBe(Modality.Text);
        text.Comparisons.ShouldBe(76);
        text.Rankings.ShouldBe(10);
        text.Gold.ShouldBe(6);
        text.Dialogues.ShouldBeGreaterThan(0);
        var generated = await db.Comparisons
            .Where(c => c.Project!.Name == DemoSeeder.TextProjectName && c.Candidates.All(cc => cc.Candidate!.Checkpoint!.Name == BaseCheckpoints.TextBaseName))
            .CountAsync();
        generated.ShouldBe(70, "every comparison but the written gold ones is answered by the shipped base model");

        var images = projects.Single(p => p.Name == DemoSeeder.ImageProjectName);
        images.Modality.ShouldBe(Modality.Image);
        images.Comparisons.ShouldBe(44);
        images.Gold.ShouldBe(4);
        var drawn = await db.Comparisons
            .Where(c => c.Project!.Name == DemoSeeder.ImageProjectName && c.Candidates.All(cc => cc.Candidate!.Checkpoint!.Name == BaseCheckpoints.ImageBaseName))
            .CountAsync();
        drawn.ShouldBe(40, "every comparison but the drawn gold ones is the shipped base image model's");
        var media = app.Services.GetRequiredService<MediaStore>();
        foreach (var path in await db.Candidates.Where(c => c.ImagePath != null).Select(c => c.ImagePath!).ToListAsync())
        {
            await using var stream = media.TryOpenRead(path).ShouldNotBeNull();
        }
    }
}
