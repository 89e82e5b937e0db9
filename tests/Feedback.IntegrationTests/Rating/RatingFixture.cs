using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.IntegrationTests.Rating;

/// <summary>An app on its own database, with helpers that make projects, comparisons and raters directly in it.</summary>
public sealed class RatingFixture : IAsyncLifetime
{
    public FeedbackAppFactory App { get; private set; } = null!;

    public AssignmentEngine Engine => App.Services.GetRequiredService<AssignmentEngine>();

    public VoteSubmission Votes => App.Services.GetRequiredService<VoteSubmission>();

    // The app's clock: tests let leases expire by moving it, not by waiting.
    private readonly AdjustableClock clock = new();

    public async Task InitializeAsync() => App = await FeedbackAppFactory.CreateAsync(clock: clock);

    /// <summary>Moves the app's clock past the end of every lease taken so far.</summary>
    public void ExpireLeases() =>
        clock.Advance(App.Services.GetRequiredService<IOptions<RatingOptions>>().Value.LeaseDuration + TimeSpan.FromSeconds(1));

    public async Task DisposeAsync() => await App.DisposeAsync();

    public FeedbackDbContext NewContext() => App.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();

    public async Task<List<string>> CreateRatersAsync(int count)
    {
        await using var db = NewContext();
        var raters = Enumerable.Range(0, count).Select(i =>
        {
            var name = $"rater-{Guid.NewGuid():N}";
            return new FeedbackUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString() };
        }).ToList();
        db.Users.AddRange(raters);
        await db.SaveChangesAsync();
        return raters.Select(r => r.Id).ToList();
    }

    /// <summary>A project with the given comparisons, each of <paramref name="candidatesPerComparison"/> candidates, created one second apart.</summary>
    public async Task<(long ProjectId, List<long> ComparisonIds)> CreateProjectAsync(
        int comparisons, int votesPerComparison = 3, int candidatesPerComparison = 2, AssignmentPolicy policy = AssignmentPolicy.FewestVotesFirst,
        double goldRate = 0, int goldComparisons = 0)
    {
        await using var db = NewContext();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var project = new Project
        {
            Name = $"Project {Guid.NewGuid():N}",
            VotesPerComparison = votesPerComparison,
            AssignmentPolicy = policy,
            GoldRate = goldRate,
            CreatedAt = start,
        };
        var all = new List<Comparison>();
        for (var i = 0; i < comparisons + goldComparisons; i++)
        {
            var prompt = new Prompt { Project = project, Text = $"Prompt {i}", CreatedAt = start };
            var candidates = Enumerable.Range(0, candidatesPerComparison)
                .Select(j => new Candidate { Prompt = prompt, Modality = Modality.Text, Text = $"Answer {i}.{j}", CreatedAt = start })
                .ToList();
            var comparison = new Comparison
            {
                Project = project,
                Prompt = prompt,
                CreatedAt = start.AddSeconds(i),
                IsGold = i >= comparisons,
                Candidates = candidates.Select((c, position) => new ComparisonCandidate { Position = position, Candidate = c }).ToList(),
            };
            if (comparison.IsGold)
            {
                comparison.GoldPreferredCandidateId = null;
            }

            all.Add(comparison);
        }

        db.Comparisons.AddRange(all);
        await db.SaveChangesAsync();
        return (project.Id, all.Select(c => c.Id).ToList());
    }
}
