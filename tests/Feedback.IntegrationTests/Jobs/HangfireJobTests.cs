using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Maintenance;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Jobs;

public sealed class HangfireJobTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync() => app = await FeedbackAppFactory.CreateWithJobServerAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_lease_cleanup_job_runs_on_the_hangfire_server_and_releases_only_expired_leases()
    {
        var raterId = await TestUsers.CreateAsync(app, "rater", Roles.Annotator);
        var otherId = await TestUsers.CreateAsync(app, "other", Roles.Annotator);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var comparison = await TestData.CreatePairAsync(db);
            var order = comparison.Candidates.Select(c => c.CandidateId).ToArray();
            db.AssignmentLeases.Add(new AssignmentLease
            {
                ComparisonId = comparison.Id, RaterId = raterId, ShownOrder = order,
                ShownAt = DateTimeOffset.UtcNow.AddHours(-2), ExpiresAt = DateTimeOffset.UtcNow.AddHours(-1),
            });
            db.AssignmentLeases.Add(new AssignmentLease
            {
                ComparisonId = comparison.Id, RaterId = otherId, ShownOrder = order,
                ShownAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10),
            });
            await db.SaveChangesAsync();
        }

        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<LeaseCleanupJob>(job => job.RunAsync(CancellationToken.None));

        var state = await WaitForFinalStateAsync(jobId, TimeSpan.FromSeconds(60));
        state.ShouldBe("Succeeded");
        await using var check = await dbFactory.CreateDbContextAsync();
        (await check.AssignmentLeases.Select(l => l.RaterId).ToListAsync()).ShouldBe([otherId]);
    }

    [Fact]
    public async Task A_queued_generation_batch_runs_on_the_sampling_queue()
    {
        var researcherId = await TestUsers.CreateAsync(app, "researcher", Roles.Researcher);
        var projectId = await TestProjects.CreateAsync(app, new NewProject { Name = "Generated" }, researcherId);
        var prompts = new[] { new NewPrompt("Say hello.", []), new NewPrompt("Name a colour.", []) };
        (await app.Services.GetRequiredService<ProjectContent>().AddPromptsAsync(projectId, prompts, "test")).Succeeded.ShouldBeTrue();

        var (batchId, result) = await app.Services.GetRequiredService<GenerationScheduler>().QueueAsync(new GenerationRequest(projectId, 3), researcherId);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var jobId = await db.GenerationBatches.Where(b => b.Id == batchId).Select(b => b.HangfireJobId).SingleAsync();
        (await WaitForFinalStateAsync(jobId!, TimeSpan.FromSeconds(90))).ShouldBe("Succeeded");
        var batch = await db.GenerationBatches.AsNoTracking().SingleAsync(b => b.Id == batchId);
        batch.Status.ShouldBe(GenerationBatchStatus.Succeeded, batch.Error);
        (await db.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(3);
    }

    [Fact]
    public async Task The_server_listens_on_the_three_queues_and_registers_the_recurring_jobs()
    {
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (monitoring.Servers().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        monitoring.Servers().ShouldHaveSingleItem().Queues.ShouldBe(["training", "sampling", "default"], ignoreOrder: true);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        connection.GetRecurringJobs().Select(j => j.Id).ShouldBe([LeaseCleanupJob.RecurringId, CandidateTopUpJob.RecurringId, RaterAutoPauseJob.RecurringId], ignoreOrder: true);
    }

    private async Task<string?> WaitForFinalStateAsync(string jobId, TimeSpan timeout)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var state = connection.GetStateData(jobId)?.Name;
            if (state is "Succeeded" or "Failed" or "Deleted")
            {
                return state;
            }

            await Task.Delay(250);
        }

        return connection.GetStateData(jobId)?.Name;
    }
}
