using System.Text.Json;
using Feedback.Core.Accounts;
using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Feedback.Training.Datasets.Scenes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Generation;

public sealed class ImageGenerationTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;
    private string researcherId = null!;

    private IDbContextFactory<FeedbackDbContext> DbFactory => app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        _ = app.Server;
        researcherId = await TestUsers.CreateAsync(app, "researcher", Roles.Researcher);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_batch_draws_pairs_of_pngs_from_the_serving_base_image_model_with_their_provenance()
    {
        var projectId = await ImageProjectAsync("Shapes", captions: 5);

        var (batchId, result) = await app.Services.GetRequiredService<GenerationScheduler>().CreateAsync(new GenerationRequest(projectId, 6), researcherId);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        await app.Services.GetRequiredService<ImageCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        await using var db = await DbFactory.CreateDbContextAsync();
        var batch = await db.GenerationBatches.SingleAsync(b => b.Id == batchId);
        batch.Status.ShouldBe(GenerationBatchStatus.Succeeded, batch.Error);
        batch.ComparisonsMade.ShouldBe(6);
        var baseModel = await db.Checkpoints.SingleAsync(c => c.Name == BaseCheckpoints.ImageBaseName);
        baseModel.Status.ShouldBe(CheckpointStatus.Serving);
        var candidates = await db.Comparisons.Where(c => c.ProjectId == projectId)
            .SelectMany(c => c.Candidates.Select(cc => cc.Candidate!)).ToListAsync();
        candidates.Count.ShouldBe(12);
        var media = app.Services.GetRequiredService<MediaStore>();
        foreach (var candidate in candidates)
        {
            candidate.Modality.ShouldBe(Modality.Image);
            candidate.CheckpointId.ShouldBe(baseModel.Id);
            candidate.Seed.ShouldNotBeNull();
            await using var file = media.TryOpenRead(candidate.ImagePath!);
            file.ShouldNotBeNull();
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            PngImage.Problem(copy.ToArray()).ShouldBeNull();
            using var parameters = JsonDocument.Parse(candidate.SamplingParametersJson!);
            parameters.RootElement.GetProperty("guidance_scale").GetDouble().ShouldBe(5.0);
            parameters.RootElement.GetProperty("steps").GetInt32().ShouldBe(20);
        }

        candidates.Select(c => c.Seed).Distinct().Count().ShouldBe(12, "every candidate of a pair starts from its own noise");
        candidates.Select(c => c.ImageSha256).Distinct().Count().ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task A_battle_draws_each_side_from_the_same_seed_so_only_the_model_differs()
    {
        var projectId = await ImageProjectAsync("Battle", captions: 3);
        var challenger = await TestCheckpoints.RegisterCopyAsync(app, BaseCheckpoints.ImageBaseName, "challenger");

        var (batchId, result) = await app.Services.GetRequiredService<GenerationScheduler>()
            .CreateAsync(new GenerationRequest(projectId, 3, OpponentCheckpointId: challenger), researcherId);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        await app.Services.GetRequiredService<ImageCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        await using var db = await DbFactory.CreateDbContextAsync();
        var comparisons = await db.Comparisons.Where(c => c.ProjectId == projectId)
            .Select(c => c.Candidates.OrderBy(cc => cc.Position).Select(cc => cc.Candidate!).ToList()).ToListAsync();
        comparisons.Count.ShouldBe(3);
        foreach (var sides in comparisons)
        {
            sides.Select(c => c.CheckpointId).Distinct().Count().ShouldBe(2);
            sides[0].Seed.ShouldBe(sides[1].Seed);
            // The challenger is a copy of the base model: the same seed draws the same image.
            sides[0].ImageSha256.ShouldBe(sides[1].ImageSha256);
        }
    }

    private async Task<long> ImageProjectAsync(string name, int captions)
    {
        var projectId = await TestProjects.CreateAsync(app, new NewProject { Name = name, Modality = Modality.Image }, researcherId);
        var rows = SceneGenerator.Generate(captions + 2, seed: 3).Select((e, i) => new NewPrompt(e.Caption, [], IsHeldOut: i >= captions)).ToList();
        var added = await app.Services.GetRequiredService<ProjectContent>().AddPromptsAsync(projectId, rows, "test");
        added.Succeeded.ShouldBeTrue(string.Join(" ", added.Errors));
        return projectId;
    }
}
