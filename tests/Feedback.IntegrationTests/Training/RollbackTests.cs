using Feedback.Core.Checkpoints;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

public sealed class RollbackTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    private CheckpointPromotions Promotions => fixture.App.Services.GetRequiredService<CheckpointPromotions>();

    [Fact]
    public async Task A_rollback_for_a_checkpoint_that_no_longer_serves_changes_nothing()
    {
        var (projectId, first, second) = await TwoPoliciesAsync();
        (await Promotions.PromoteAsync(first, "first", null)).Result.Succeeded.ShouldBeTrue();
        (await Promotions.PromoteAsync(second, "second", null)).Result.Succeeded.ShouldBeTrue();

        var rolledBack = await Promotions.RollBackAsync(projectId, Modality.Text, CheckpointKind.Policy, null, expectedServingId: second);
        var again = await Promotions.RollBackAsync(projectId, Modality.Text, CheckpointKind.Policy, null, expectedServingId: second);

        rolledBack.Result.Succeeded.ShouldBeTrue();
        rolledBack.Stopped.ShouldBe(second);
        again.Result.Succeeded.ShouldBeFalse();
        again.Stopped.ShouldBeNull();
        again.Result.Errors.ShouldHaveSingleItem().ShouldContain($"#{second} no longer serves");
        await using var db = fixture.NewContext();
        (await db.Checkpoints.SingleAsync(c => c.Id == first)).Status.ShouldBe(CheckpointStatus.Serving);
        (await db.CheckpointPromotions.CountAsync(p => p.ProjectId == projectId && p.Action == PromotionAction.RolledBack)).ShouldBe(1);
    }

    private async Task<(long ProjectId, long First, long Second)> TwoPoliciesAsync()
    {
        await using var db = fixture.NewContext();
        var project = new Project { Name = $"Rollback {Guid.NewGuid():N}", CreatedAt = DateTimeOffset.UtcNow };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        var policies = new[] { "first", "second" }.Select(name => new Checkpoint
        {
            Name = $"{name}-{project.Id}", Modality = Modality.Text, Kind = CheckpointKind.Policy, ProjectId = project.Id,
            Path = $"test/{name}-{project.Id}", Sha256 = new string('0', 64), Status = CheckpointStatus.Candidate, CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Checkpoints.AddRange(policies);
        await db.SaveChangesAsync();
        return (project.Id, policies[0].Id, policies[1].Id);
    }
}
