using System.Text.Json;
using Feedback.Core.Accounts;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Generation;

public sealed class CandidateGenerationTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;
    private string researcherId = null!;

    private IDbContextFactory<FeedbackDbContext> DbFactory => app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();

    private GenerationScheduler Scheduler => app.Services.GetRequiredService<GenerationScheduler>();

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        _ = app.Server;
        researcherId = await TestUsers.CreateAsync(app, "researcher", Roles.Researcher);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_batch_adds_pairs_of_distinct_answers_from_the_serving_base_model_with_their_provenance()
    {
        var projectId = await ProjectWithPromptsAsync("Pairs", prompts: 6, heldOut: 2);

        var (batchId, result) = await Scheduler.CreateAsync(new GenerationRequest(projectId, 8), researcherId);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        await app.Services.GetRequiredService<TextCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        var batch = await BatchAsync(batchId.Value);
        batch.Status.ShouldBe(GenerationBatchStatus.Succeeded, batch.Error);
        batch.ComparisonsMade.ShouldBe(8);
        await using var db = await DbFactory.CreateDbContextAsync();
        var baseModel = await db.Checkpoints.SingleAsync(c => c.Name == BaseCheckpoints.TextBaseName);
        baseModel.Status.ShouldBe(CheckpointStatus.Serving);
        var comparisons = await db.Comparisons.Where(c => c.ProjectId == projectId)
            .Include(c => c.Prompt).Include(c => c.Candidates).ThenInclude(cc => cc.Candidate).ToListAsync();
        comparisons.Count.ShouldBe(8);
        comparisons.ShouldAllBe(c => !c.Prompt!.IsHeldOut);
        comparisons.Select(c => c.PromptId).Distinct().Count().ShouldBe(6, "the prompts with the fewest comparisons are answered first");
        foreach (var comparison in comparisons)
        {
            var candidates = comparison.Candidates.Select(cc => cc.Candidate!).ToList();
            candidates.Count.ShouldBe(2);
            candidates.Select(c => c.Text).Distinct().Count().ShouldBe(2);
            candidates.ShouldAllBe(c => c.CheckpointId == baseModel.Id && c.Source == TextCandidateGenerator.Source && c.Seed != null);
            using var parameters = JsonDocument.Parse(candidates[0].SamplingParametersJson!);
            parameters.RootElement.GetProperty("temperature").GetDouble().ShouldBe(0.8, 1e-6);
            parameters.RootElement.GetProperty("batch").GetInt64().ShouldBe(batchId.Value);
        }
    }

    [Fact]
    public async Task A_battle_answers_each_prompt_once_by_the_serving_model_and_once_by_the_opponent_held_out_prompts_first()
    {
        var projectId = await ProjectWithPromptsAsync("Battle", prompts: 4, heldOut: 3);
        var opponentId = await TestCheckpoints.RegisterCopyAsync(app, BaseCheckpoints.TextBaseName, "opponent");

        var (batchId, result) = await Scheduler.CreateAsync(new GenerationRequest(projectId, 3, OpponentCheckpointId: opponentId), researcherId);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        await app.Services.GetRequiredService<TextCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        await using var db = await DbFactory.CreateDbContextAsync();
        var comparisons = await db.Comparisons.Where(c => c.ProjectId == projectId)
            .Include(c => c.Prompt).Include(c => c.Candidates).ThenInclude(cc => cc.Candidate).ToListAsync();
        comparisons.Count.ShouldBe(3);
        comparisons.ShouldAllBe(c => c.Prompt!.IsHeldOut);
        var baseId = (await db.GenerationBatches.SingleAsync(b => b.Id == batchId)).CheckpointId;
        comparisons.ShouldAllBe(c => c.Candidates.Select(cc => cc.Candidate!.CheckpointId).Order().SequenceEqual(new long?[] { baseId, opponentId }));
    }

    [Fact]
    public async Task A_retried_batch_makes_only_the_comparisons_it_still_owes()
    {
        var projectId = await ProjectWithPromptsAsync("Retried", prompts: 5, heldOut: 0);
        var (batchId, _) = await Scheduler.CreateAsync(new GenerationRequest(projectId, 5), researcherId);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            // As a worker that died after saving its first three comparisons leaves it.
            await db.GenerationBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(set => set
                .SetProperty(b => b.ComparisonsMade, 3).SetProperty(b => b.Status, GenerationBatchStatus.Running));
        }

        await app.Services.GetRequiredService<TextCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        var batch = await BatchAsync(batchId.Value);
        batch.Status.ShouldBe(GenerationBatchStatus.Succeeded);
        batch.ComparisonsMade.ShouldBe(5);
        await using var check = await DbFactory.CreateDbContextAsync();
        (await check.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(2);
    }

    [Fact]
    public async Task A_corrupted_checkpoint_fails_the_batch_with_the_file_named_and_adds_nothing()
    {
        var projectId = await ProjectWithPromptsAsync("Corrupt", prompts: 2, heldOut: 0);
        var opponentId = await TestCheckpoints.RegisterCopyAsync(app, BaseCheckpoints.TextBaseName, "corrupt");
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var folder = app.Services.GetRequiredService<CheckpointStore>().FolderOf((await db.Checkpoints.SingleAsync(c => c.Id == opponentId)).Path);
            await using var onnx = File.OpenWrite(Path.Combine(folder, "model.onnx"));
            onnx.Position = 1000;
            onnx.WriteByte(0x42);
        }

        var (batchId, _) = await Scheduler.CreateAsync(new GenerationRequest(projectId, 2, OpponentCheckpointId: opponentId), researcherId);
        await app.Services.GetRequiredService<TextCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        var batch = await BatchAsync(batchId.Value);
        batch.Status.ShouldBe(GenerationBatchStatus.Failed);
        batch.Error.ShouldNotBeNull().ShouldContain("model.onnx");
        await using var check = await DbFactory.CreateDbContextAsync();
        (await check.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(0);
    }

    [Fact]
    public async Task Requests_that_cannot_be_met_are_refused_with_the_reason()
    {
        var empty = await TestProjects.CreateAsync(app, new NewProject { Name = "No prompts" }, researcherId);
        var images = await TestProjects.CreateAsync(app, new NewProject { Name = "Pictures", Modality = Modality.Image }, researcherId);
        var withPrompts = await ProjectWithPromptsAsync("Refusals", prompts: 1, heldOut: 0);

        (await Scheduler.QueueAsync(new GenerationRequest(empty, 4), researcherId)).Result.Errors.ShouldContain(e => e.Contains("no prompts"));
        long textBase;
        await using (var lookup = await DbFactory.CreateDbContextAsync())
        {
            textBase = await lookup.Checkpoints.Where(c => c.Name == BaseCheckpoints.TextBaseName).Select(c => c.Id).SingleAsync();
        }

        (await Scheduler.QueueAsync(new GenerationRequest(images, 4, OpponentCheckpointId: textBase), researcherId)).Result.Errors
            .ShouldContain(e => e.Contains($"Checkpoint {textBase} is not an image model"));
        (await Scheduler.QueueAsync(new GenerationRequest(withPrompts, 0), researcherId)).Result.Errors.ShouldContain(e => e.Contains("between 1 and"));
        (await Scheduler.QueueAsync(new GenerationRequest(withPrompts, 2, CandidatesPerComparison: 5), researcherId)).Result.Succeeded.ShouldBeFalse();
        (await Scheduler.QueueAsync(new GenerationRequest(withPrompts, 2, OpponentCheckpointId: 987_654), researcherId)).Result.Errors
            .ShouldContain(e => e.Contains("987654"));
        await using var db = await DbFactory.CreateDbContextAsync();
        (await db.GenerationBatches.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_top_up_keeps_the_target_of_comparisons_wanting_votes_and_adds_nothing_once_it_is_met()
    {
        var projectId = await ProjectWithPromptsAsync("Top-up", prompts: 3, heldOut: 0);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var project = await db.Projects.SingleAsync(p => p.Id == projectId);
            project.Sampling.KeepUnratedComparisons = 5;
            project.Sampling.MaxNewTokens = 24;
            await db.SaveChangesAsync();
        }

        var job = app.Services.GetRequiredService<CandidateTopUpJob>();
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);

        await using var check = await DbFactory.CreateDbContextAsync();
        (await check.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(5);
        (await check.GenerationBatches.Where(b => b.ProjectId == projectId).Select(b => b.RequestedBy).ToListAsync()).ShouldBe([CandidateTopUpJob.RequestedBy]);
        (await job.RunAsync(CancellationToken.None)).ShouldBe(0);
    }

    private async Task<long> ProjectWithPromptsAsync(string name, int prompts, int heldOut)
    {
        var projectId = await TestProjects.CreateAsync(app, new NewProject { Name = name }, researcherId);
        var rows = Enumerable.Range(1, prompts + heldOut)
            .Select(i => new NewPrompt($"What is {i} plus {i + 1}?", [], IsHeldOut: i > prompts))
            .ToList();
        var added = await app.Services.GetRequiredService<ProjectContent>().AddPromptsAsync(projectId, rows, "test");
        added.Succeeded.ShouldBeTrue(string.Join(" ", added.Errors));
        return projectId;
    }

    private async Task<GenerationBatch> BatchAsync(long batchId)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.GenerationBatches.AsNoTracking().SingleAsync(b => b.Id == batchId);
    }
}
