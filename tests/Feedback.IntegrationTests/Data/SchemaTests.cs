using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Feedback.IntegrationTests.Data;

public sealed class SchemaTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;
    private string raterId = "";

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        raterId = await TestUsers.CreateAsync(app, "rater", Roles.Annotator);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private FeedbackDbContext NewContext() => app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();

    [Fact]
    public async Task Start_up_applies_every_migration()
    {
        await using var db = NewContext();

        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_vote_and_its_shown_order_round_trip_through_postgres()
    {
        await using var db = NewContext();
        var comparison = await TestData.CreatePairAsync(db);
        var order = comparison.Candidates.Select(c => c.CandidateId).Reverse().ToArray();
        var vote = NewVote(comparison, order);
        db.Votes.Add(vote);
        await db.SaveChangesAsync();

        await using var fresh = NewContext();
        var stored = await fresh.Votes.SingleAsync(v => v.Id == vote.Id);
        stored.ShownOrder.ShouldBe(order);
        stored.LeftCandidateId.ShouldBe(order[0]);
        stored.Choice.ShouldBe(VoteChoice.Left);
        stored.Strength.ShouldBe(PreferenceStrength.Clearly);
    }

    [Fact]
    public async Task A_repeated_client_vote_id_is_refused_by_the_database()
    {
        await using var db = NewContext();
        var comparison = await TestData.CreatePairAsync(db);
        var order = comparison.Candidates.Select(c => c.CandidateId).ToArray();
        var first = NewVote(comparison, order);
        db.Votes.Add(first);
        await db.SaveChangesAsync();

        await using var other = NewContext();
        var retry = NewVote(comparison, order);
        retry.ClientVoteId = first.ClientVoteId;
        other.Votes.Add(retry);

        var error = await Should.ThrowAsync<DbUpdateException>(() => other.SaveChangesAsync());
        error.InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
    }

    [Fact]
    public async Task Votes_cannot_be_changed_or_deleted()
    {
        await using var db = NewContext();
        var comparison = await TestData.CreatePairAsync(db);
        var vote = NewVote(comparison, comparison.Candidates.Select(c => c.CandidateId).ToArray());
        db.Votes.Add(vote);
        await db.SaveChangesAsync();

        var update = await Should.ThrowAsync<PostgresException>(() =>
            db.Votes.Where(v => v.Id == vote.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Choice, VoteChoice.Right)));
        update.MessageText.ShouldContain("votes are immutable");

        var delete = await Should.ThrowAsync<PostgresException>(() => db.Votes.Where(v => v.Id == vote.Id).ExecuteDeleteAsync());
        delete.MessageText.ShouldContain("votes are immutable");
    }

    [Fact]
    public async Task A_vote_must_be_either_a_choice_or_a_ranking()
    {
        await using var db = NewContext();
        var comparison = await TestData.CreatePairAsync(db);
        var vote = NewVote(comparison, comparison.Candidates.Select(c => c.CandidateId).ToArray());
        vote.Ranking = vote.ShownOrder;
        db.Votes.Add(vote);

        var error = await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        error.InnerException.ShouldBeOfType<PostgresException>().ConstraintName.ShouldBe("ck_votes_choice_or_ranking");
    }

    [Fact]
    public async Task A_training_run_registers_at_most_one_checkpoint()
    {
        await using var db = NewContext();
        var comparison = await TestData.CreatePairAsync(db);
        var run = new TrainingRun { ProjectId = comparison.ProjectId, Kind = TrainingRunKind.Dpo, CreatedAt = DateTimeOffset.UtcNow };
        db.TrainingRuns.Add(run);
        db.Checkpoints.Add(NewCheckpoint(run, "runs/1/a"));
        await db.SaveChangesAsync();

        await using var retry = NewContext();
        retry.Checkpoints.Add(NewCheckpoint(null, "runs/1/b", run.Id));
        var error = await Should.ThrowAsync<DbUpdateException>(() => retry.SaveChangesAsync());
        error.InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
    }

    [Fact]
    public async Task Prompts_keep_the_earlier_turns_of_a_dialogue()
    {
        await using var db = NewContext();
        var comparison = await TestData.CreatePairAsync(db);
        var prompt = await db.Prompts.SingleAsync(p => p.Id == comparison.PromptId);
        prompt.EarlierTurns = [new("human", "Hi"), new("assistant", "Hello! How can I help?")];
        await db.SaveChangesAsync();

        await using var fresh = NewContext();
        (await fresh.Prompts.SingleAsync(p => p.Id == prompt.Id)).EarlierTurns.ShouldBe(prompt.EarlierTurns);
    }

    private Vote NewVote(Comparison comparison, long[] shownOrder) => new()
    {
        ComparisonId = comparison.Id,
        RaterId = raterId,
        ClientVoteId = Guid.NewGuid(),
        Choice = VoteChoice.Left,
        Strength = PreferenceStrength.Clearly,
        ShownOrder = shownOrder,
        ShownAt = DateTimeOffset.UtcNow.AddSeconds(-5),
        AnsweredAt = DateTimeOffset.UtcNow,
    };

    private static Checkpoint NewCheckpoint(TrainingRun? run, string path, long? runId = null) => new()
    {
        Name = path,
        Path = path,
        Sha256 = new string('0', 64),
        TrainingRun = run,
        TrainingRunId = runId ?? run?.Id,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
