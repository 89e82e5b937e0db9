using Feedback.Core;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

/// <summary>A comparison as a test needs it: its prompt and its candidates in stored order (the order votes show them in).</summary>
public sealed record TestComparison(long Id, long PromptId, long[] CandidateIds);

/// <summary>
/// A project of its own in the rating fixture's database, with helpers that add comparisons and raw votes directly
/// (votes answered at chosen times), and make and read snapshots of it.
/// </summary>
public sealed class SnapshotScenario(RatingFixture fixture, long projectId)
{
    public long ProjectId => projectId;

    public SnapshotBuilder Builder => fixture.App.Services.GetRequiredService<SnapshotBuilder>();

    public SnapshotCatalog Catalog => fixture.App.Services.GetRequiredService<SnapshotCatalog>();

    public static async Task<SnapshotScenario> CreateAsync(RatingFixture fixture)
    {
        await using var db = fixture.NewContext();
        var project = new Project { Name = $"Snapshots {Guid.NewGuid():N}", CreatedAt = DateTimeOffset.UtcNow };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return new SnapshotScenario(fixture, project.Id);
    }

    /// <summary>A comparison on a new prompt, or on <paramref name="promptId"/>'s when given. A gold pair's better candidate is its first.</summary>
    public async Task<TestComparison> AddComparisonAsync(
        long? promptId = null, int candidates = 2, bool gold = false, bool heldOutPrompt = false, List<DialogueTurn>? earlierTurns = null)
    {
        await using var db = fixture.NewContext();
        var now = DateTimeOffset.UtcNow;
        var prompt = promptId is { } id
            ? await db.Prompts.SingleAsync(p => p.Id == id)
            : new Prompt { ProjectId = projectId, Text = $"Prompt {Guid.NewGuid():N}", IsHeldOut = heldOutPrompt, EarlierTurns = earlierTurns ?? [], CreatedAt = now };
        var answers = Enumerable.Range(0, candidates)
            .Select(i => new Candidate { Prompt = prompt, Modality = Modality.Text, Text = $"Answer {i} to {prompt.Text}", CreatedAt = now })
            .ToList();
        var comparison = new Comparison
        {
            ProjectId = projectId,
            Prompt = prompt,
            IsGold = gold,
            CreatedAt = now,
            Candidates = answers.Select((c, position) => new ComparisonCandidate { Position = position, Candidate = c }).ToList(),
        };
        db.Comparisons.Add(comparison);
        await db.SaveChangesAsync();
        if (gold)
        {
            comparison.GoldPreferredCandidateId = answers[0].Id;
            await db.SaveChangesAsync();
        }

        return new TestComparison(comparison.Id, prompt.Id, answers.Select(a => a.Id).ToArray());
    }

    /// <summary>Stores a vote as a rater who saw the candidates in stored order would have given it.</summary>
    public async Task<long> VoteAsync(
        TestComparison comparison, string raterId, VoteChoice? choice = null, long[]? ranking = null, DateTimeOffset? answeredAt = null,
        PreferenceStrength? strength = null)
    {
        await using var db = fixture.NewContext();
        var at = answeredAt ?? DateTimeOffset.UtcNow;
        var vote = new Vote
        {
            ComparisonId = comparison.Id,
            RaterId = raterId,
            ClientVoteId = Guid.NewGuid(),
            Choice = ranking is null ? choice ?? VoteChoice.Left : null,
            Ranking = ranking,
            Strength = strength,
            ShownOrder = comparison.CandidateIds,
            ShownAt = at.AddSeconds(-10),
            AnsweredAt = at,
        };
        db.Votes.Add(vote);
        await db.SaveChangesAsync();
        return vote.Id;
    }

    public async Task DisableAsync(string raterId)
    {
        await using var db = fixture.NewContext();
        var user = await db.Users.SingleAsync(u => u.Id == raterId);
        user.IsDisabled = true;
        await db.SaveChangesAsync();
    }

    public SnapshotRequest Request() => new(projectId, "Snapshot");

    public Task<(long? SnapshotId, OperationResult Result)> CreateAsync(SnapshotRequest request, string? userId = null) =>
        Builder.CreateAsync(request, userId);

    /// <summary>Makes the snapshot, which must succeed, and returns its id.</summary>
    public async Task<long> SnapshotAsync(SnapshotRequest request, string? userId = null)
    {
        var (id, result) = await Builder.CreateAsync(request, userId);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        return id.ShouldNotBeNull();
    }

    public Task<IReadOnlyList<SnapshotPair>> PairsAsync(long snapshotId) =>
        SnapshotPairs.LoadAsync(fixture.App.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>(), snapshotId);

    /// <summary>The snapshot's votes as stored: vote id and split, in vote id order.</summary>
    public async Task<List<(long VoteId, SnapshotSplit Split)>> StoredVotesAsync(long snapshotId)
    {
        await using var db = fixture.NewContext();
        var rows = await db.SnapshotVotes.Where(sv => sv.SnapshotId == snapshotId).OrderBy(sv => sv.VoteId).ToListAsync();
        return rows.Select(sv => (sv.VoteId, sv.Split)).ToList();
    }
}
