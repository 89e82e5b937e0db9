using Feedback.Core.Domain;
using Feedback.Core.Leaderboard;
using Feedback.IntegrationTests.Rating;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Agreement;

public sealed class CheckpointLeaderboardTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    [Fact]
    public async Task Battles_between_checkpoints_rank_the_one_humans_prefer_first_with_an_interval_and_elo()
    {
        var raters = await fixture.CreateRatersAsync(1);
        var (projectId, _) = await fixture.CreateProjectAsync(1);
        var now = DateTimeOffset.UtcNow;
        await using var db = fixture.NewContext();
        var checkpoints = new[] { "strong", "middle", "weak" }
            .Select(name => new Checkpoint { Name = $"{name}-{Guid.NewGuid():N}", Path = name, Sha256 = name, ProjectId = projectId })
            .ToList();
        db.Checkpoints.AddRange(checkpoints);
        var random = new Random(3);
        var battles = new List<(Comparison Comparison, int Winner)>();
        for (var i = 0; i < 90; i++)
        {
            var (a, b) = (i % 3, (i + 1) % 3);
            var prompt = new Prompt { ProjectId = projectId, Text = $"Battle {i}", CreatedAt = now };
            var comparison = new Comparison
            {
                ProjectId = projectId,
                Prompt = prompt,
                CreatedAt = now,
                Candidates =
                [
                    new() { Position = 0, Candidate = new Candidate { Prompt = prompt, Text = "a", Checkpoint = checkpoints[a] } },
                    new() { Position = 1, Candidate = new Candidate { Prompt = prompt, Text = "b", Checkpoint = checkpoints[b] } },
                ],
            };
            db.Comparisons.Add(comparison);

            // The lower index is stronger and wins four times in five.
            var better = Math.Min(a, b) == a ? 0 : 1;
            battles.Add((comparison, random.NextDouble() < 0.8 ? better : 1 - better));
        }

        await db.SaveChangesAsync();
        foreach (var (comparison, winner) in battles)
        {
            await AgreementVotes.AddAsync(fixture, comparison.Id, raters[0], winner, swapped: comparison.Id % 2 == 0);
        }

        var board = await fixture.App.Services.GetRequiredService<CheckpointLeaderboard>().ForProjectAsync(projectId);

        board.Select(e => e.CheckpointId).ShouldBe(checkpoints.Select(c => c.Id));
        board.ShouldAllBe(e => e.Battles == 60 && e.Low < e.Rating && e.Rating < e.High);
        board[0].Elo.ShouldBeGreaterThan(board[2].Elo);
    }
}
