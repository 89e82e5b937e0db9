using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Simulation;
using Feedback.Training.Datasets.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

/// <summary>
/// A text project of corpus prompts whose comparisons the base model generated and simulated raters voted on, with a
/// snapshot of those votes: the start of a round of the loop.
/// </summary>
internal static class LoopFixture
{
    /// <summary>Hyperparameters small enough for a test: a few steps of small batches.</summary>
    public const string TinyRewardModel = """{"Steps": 6, "BatchSize": 8, "SaveEvery": 2, "WarmupSteps": 1}""";
    public const string TinyDpo = """{"Steps": 6, "BatchSize": 8, "SaveEvery": 2, "WarmupSteps": 1, "LearningRate": 0.0001}""";

    /// <summary>The corpus examples whose prompts <see cref="VotedProjectAsync"/> adds, the last 8 held out.</summary>
    public static List<InstructionExample> Examples() =>
        InstructionCorpus.Generate(60, seed: 5).DistinctBy(e => (e.Prompt, e.EarlierTurns.Count)).Take(36).ToList();

    public static async Task<(long ProjectId, long SnapshotId)> VotedProjectAsync(FeedbackAppFactory app, string name, int comparisons = 40)
    {
        var researcherId = await TestUsers.CreateAsync(app, $"researcher-{Guid.NewGuid():N}"[..24], Roles.Researcher);
        var projectId = await TestProjects.CreateAsync(app, new NewProject { Name = name, VotesPerComparison = 1 }, researcherId);
        var examples = Examples();
        var prompts = examples.Select((e, i) => new NewPrompt(
            e.Prompt, e.EarlierTurns.Select(t => new DialogueTurn(t.Role, t.Text)).ToList(), IsHeldOut: i >= 28)).ToList();
        (await app.Services.GetRequiredService<ProjectContent>().AddPromptsAsync(projectId, prompts, "corpus")).Succeeded.ShouldBeTrue();

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            var project = await db.Projects.SingleAsync(p => p.Id == projectId);
            project.Sampling.MaxNewTokens = 48;
            project.Gate.EvaluationPrompts = 8;
            await db.SaveChangesAsync();
        }

        var (batchId, generated) = await app.Services.GetRequiredService<GenerationScheduler>().CreateAsync(new GenerationRequest(projectId, comparisons), researcherId);
        generated.Succeeded.ShouldBeTrue(string.Join(" ", generated.Errors));
        await app.Services.GetRequiredService<TextCandidateGenerator>().RunAsync(batchId!.Value, CancellationToken.None);

        var raters = app.Services.GetRequiredService<SimulatedRaters>();
        var raterIds = await raters.EnsureRatersAsync(3);
        var votes = await raters.VoteAsync(projectId, raterIds, new CorpusTruth(examples), noise: 0, maxVotes: comparisons, seed: 1);
        votes.Votes.ShouldBeGreaterThan(comparisons / 2);

        var (snapshotId, snapshot) = await app.Services.GetRequiredService<SnapshotBuilder>().CreateAsync(
            new SnapshotRequest(projectId, "All votes") { HeldOutFraction = 0.25 }, researcherId);
        snapshot.Succeeded.ShouldBeTrue(string.Join(" ", snapshot.Errors));
        return (projectId, snapshotId!.Value);
    }
}
