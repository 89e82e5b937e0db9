using Feedback.Core.Checkpoints;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

public sealed class RaterReachTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    private RaterReach Reach => fixture.App.Services.GetRequiredService<RaterReach>();

    [Fact]
    public async Task A_raters_votes_are_followed_from_snapshots_through_parents_and_reward_models_to_the_checkpoints_that_carry_them()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var raters = await fixture.CreateRatersAsync(2);
        var (suspect, trusted) = (raters[0], raters[1]);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            var comparison = await scenario.AddComparisonAsync();
            await scenario.VoteAsync(comparison, suspect, answeredAt: now.AddDays(-2));
            await scenario.VoteAsync(comparison, trusted, answeredAt: now);
        }

        await scenario.VoteAsync(await scenario.AddComparisonAsync(heldOutPrompt: true), suspect, answeredAt: now.AddDays(-3));
        await scenario.VoteAsync(await scenario.AddComparisonAsync(), suspect, answeredAt: now.AddDays(-4));
        await AddSwapRepeatAsync(scenario, suspect, now.AddDays(-2));

        var request = scenario.Request() with { HeldOutFraction = 0 };
        var everything = await scenario.SnapshotAsync(request with { Name = "Everything", From = now.AddDays(-3.5) });
        var recent = await scenario.SnapshotAsync(request with { Name = "Recent", From = now.AddDays(-1) });
        var heldOutOnly = await scenario.SnapshotAsync(request with { Name = "Held out only", From = now.AddDays(-3.5), To = now.AddDays(-2.5) });

        // Shaped as the scheduler and the executor make them: a policy's parent is its run's base; a reward model has
        // no parent but its run's base gave it its trunk; a gate records the reward model that judged it.
        var lineage = new Lineage(fixture, scenario.ProjectId);
        var early = await lineage.AddAsync("early", CheckpointKind.Policy, CheckpointStatus.Candidate, TrainingRunKind.Dpo, recent);
        var baseModel = await lineage.AddAsync("base", CheckpointKind.Policy, CheckpointStatus.Retired);
        var reward = await lineage.AddAsync("rm", CheckpointKind.RewardModel, CheckpointStatus.Serving, TrainingRunKind.RewardModel, everything, baseModel);
        var gated = await lineage.AddAsync("dpo", CheckpointKind.Policy, CheckpointStatus.Retired, TrainingRunKind.Dpo, recent, baseModel, reward);
        var rewarded = await lineage.AddAsync("rloo", CheckpointKind.Policy, CheckpointStatus.Serving, TrainingRunKind.Rloo, null, gated, reward);
        var child = await lineage.AddAsync("child", CheckpointKind.Policy, CheckpointStatus.Candidate, TrainingRunKind.Dpo, recent, rewarded);
        await lineage.AddAsync("rm-from-rloo", CheckpointKind.RewardModel, CheckpointStatus.Candidate, TrainingRunKind.RewardModel, recent, rewarded);
        await lineage.AddAsync("rm-held-out", CheckpointKind.RewardModel, CheckpointStatus.Candidate, TrainingRunKind.RewardModel, heldOutOnly, baseModel);
        await lineage.AddAsync("untouched", CheckpointKind.Policy, CheckpointStatus.Candidate, TrainingRunKind.Dpo, recent, baseModel);
        await lineage.StartFromAsync(early, child);

        var report = await Reach.ForRaterAsync(scenario.ProjectId, suspect);

        report.Votes.ShouldBe(5);
        report.VotesInSnapshots.ShouldBe(4);
        report.Snapshots.Select(s => (s.Name, s.TrainVotes, s.HeldOutVotes, s.SnapshotVotes))
            .ShouldBe([("Everything", 3, 1, 7), ("Held out only", 0, 1, 1)]);
        var reached = report.Checkpoints.ToDictionary(c => c.Name);
        reached.Keys.ShouldBe(new[] { "early", "rm", "dpo", "rloo", "child", "rm-from-rloo", "rm-held-out" }.Select(lineage.NameOf), ignoreOrder: true);
        reached[lineage.NameOf("rm")].Routes.ShouldBe(
            ["trained on 'Everything', which holds 3 of their votes", "evaluated on 'Everything', whose held-out part holds 1 of their votes"]);
        reached[lineage.NameOf("rloo")].Routes.ShouldBe([$"rewarded by '{lineage.NameOf("rm")}'"]);
        reached[lineage.NameOf("child")].Routes.ShouldBe([$"started from '{lineage.NameOf("rloo")}'"]);
        reached[lineage.NameOf("rm-from-rloo")].Routes.ShouldBe([$"started from '{lineage.NameOf("rloo")}'"]);
        reached[lineage.NameOf("early")].Routes.ShouldBe([$"started from '{lineage.NameOf("child")}'"]);
        reached[lineage.NameOf("dpo")].Routes.ShouldBe([$"judged at the gate by '{lineage.NameOf("rm")}'"]);
        reached[lineage.NameOf("rm-held-out")].Routes.ShouldBe(["evaluated on 'Held out only', whose held-out part holds 1 of their votes"]);
        report.Checkpoints.Where(c => c.InWeights).Select(c => c.Name)
            .ShouldBe(new[] { "early", "rm", "rloo", "child", "rm-from-rloo" }.Select(lineage.NameOf), ignoreOrder: true);
        report.ServingInWeights.ShouldBe(2);

        var theOther = await Reach.ForRaterAsync(scenario.ProjectId, trusted);
        theOther.Snapshots.Select(s => s.Name).ShouldBe(["Everything", "Recent"]);
        theOther.Checkpoints.Where(c => c.InWeights).Select(c => c.Name)
            .ShouldBe(new[] { "early", "rm", "dpo", "rloo", "child", "rm-from-rloo", "untouched" }.Select(lineage.NameOf), ignoreOrder: true);
    }

    [Fact]
    public async Task A_rater_whose_votes_are_in_no_snapshot_reached_no_checkpoint()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        await scenario.VoteAsync(await scenario.AddComparisonAsync(), rater);

        var report = await Reach.ForRaterAsync(scenario.ProjectId, rater);

        report.Votes.ShouldBe(1);
        report.VotesInSnapshots.ShouldBe(0);
        report.Snapshots.ShouldBeEmpty();
        report.Checkpoints.ShouldBeEmpty();
    }

    /// <summary>A swapped repeat of a new comparison: it measures consistency, and no snapshot takes it.</summary>
    private async Task AddSwapRepeatAsync(SnapshotScenario scenario, string raterId, DateTimeOffset answeredAt)
    {
        var comparison = await scenario.AddComparisonAsync();
        await using var db = fixture.NewContext();
        db.Votes.Add(new Vote
        {
            ComparisonId = comparison.Id, RaterId = raterId, ClientVoteId = Guid.NewGuid(), Choice = VoteChoice.Right, IsSwapRepeat = true,
            ShownOrder = [.. comparison.CandidateIds.Reverse()], ShownAt = answeredAt.AddSeconds(-10), AnsweredAt = answeredAt,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Checkpoints and the runs that made them, written straight to the database as the executor writes them (a reward
    /// model's parent left empty); names get a suffix of their own per test.
    /// </summary>
    private sealed class Lineage(RatingFixture fixture, long projectId)
    {
        private readonly string suffix = Guid.NewGuid().ToString("N")[..8];

        public string NameOf(string name) => $"{name}-{suffix}";

        public async Task<long> AddAsync(
            string name, CheckpointKind kind, CheckpointStatus status, TrainingRunKind? runKind = null, long? snapshotId = null,
            long? startedFromId = null, long? rewardId = null)
        {
            await using var db = fixture.NewContext();
            var now = DateTimeOffset.UtcNow;
            var run = runKind is { } k
                ? new TrainingRun
                {
                    ProjectId = projectId, Kind = k, SnapshotId = snapshotId, BaseCheckpointId = startedFromId, RewardCheckpointId = rewardId,
                    Status = TrainingRunStatus.Succeeded, CreatedAt = now,
                }
                : null;
            var checkpoint = new Checkpoint
            {
                Name = NameOf(name), Modality = Modality.Text, Kind = kind, ProjectId = projectId, Path = Path.Combine("reach", NameOf(name)),
                Sha256 = new string('0', 64), Status = status, ParentId = kind == CheckpointKind.RewardModel ? null : startedFromId,
                TrainingRun = run, CreatedAt = now,
            };
            db.Checkpoints.Add(checkpoint);
            await db.SaveChangesAsync();
            return checkpoint.Id;
        }

        /// <summary>Makes an older checkpoint start from a newer one, so that lineage cannot be followed in id order alone.</summary>
        public async Task StartFromAsync(long checkpointId, long startedFromId)
        {
            await using var db = fixture.NewContext();
            var checkpoint = await db.Checkpoints.Include(c => c.TrainingRun).SingleAsync(c => c.Id == checkpointId);
            checkpoint.ParentId = startedFromId;
            checkpoint.TrainingRun!.BaseCheckpointId = startedFromId;
            await db.SaveChangesAsync();
        }
    }
}
