using Feedback.Core.Agreement;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Rating;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Training;

public sealed class SnapshotTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    [Fact]
    public async Task Votes_answered_outside_the_period_are_left_out()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var now = DateTimeOffset.UtcNow;
        var votes = new List<long>();
        foreach (var daysAgo in new[] { 4, 3, 2, 1 })
        {
            votes.Add(await scenario.VoteAsync(await scenario.AddComparisonAsync(), rater, answeredAt: now.AddDays(-daysAgo)));
        }

        var id = await scenario.SnapshotAsync(scenario.Request() with { From = now.AddDays(-3.5), To = now.AddDays(-1.5) });

        (await scenario.StoredVotesAsync(id)).Select(v => v.VoteId).ShouldBe([votes[1], votes[2]]);
        var sinceTwoDays = await scenario.SnapshotAsync(scenario.Request() with { From = now.AddDays(-2).ToOffset(TimeSpan.FromHours(5)) });
        (await scenario.StoredVotesAsync(sinceTwoDays)).Select(v => v.VoteId).ShouldBe([votes[2], votes[3]]);
    }

    [Fact]
    public async Task Raters_below_the_gold_accuracy_wanted_are_left_out_and_raters_with_few_gold_answers_kept_unless_asked()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var raters = await fixture.CreateRatersAsync(3);
        var (accurate, careless, newcomer) = (raters[0], raters[1], raters[2]);
        for (var i = 0; i < 4; i++)
        {
            var gold = await scenario.AddComparisonAsync(gold: true);
            await scenario.VoteAsync(gold, accurate, VoteChoice.Left);
            await scenario.VoteAsync(gold, careless, i == 0 ? VoteChoice.Left : VoteChoice.Right);
        }

        var comparison = await scenario.AddComparisonAsync();
        foreach (var rater in raters)
        {
            await scenario.VoteAsync(comparison, rater);
        }

        var request = scenario.Request() with { MinGoldAccuracy = 0.75, MinGoldAnswers = 3, IncludeGold = false };
        var lenient = await scenario.PairsAsync(await scenario.SnapshotAsync(request));
        var strict = await scenario.PairsAsync(await scenario.SnapshotAsync(request with { IncludeRatersWithFewGoldAnswers = false }));
        var everyone = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request()));

        lenient.Select(p => p.RaterId).ShouldBe([accurate, newcomer], ignoreOrder: true);
        strict.Select(p => p.RaterId).ShouldBe([accurate]);
        everyone.Count.ShouldBe(3 + 8);
        everyone.Where(p => p.ComparisonId != comparison.Id).Select(p => p.RaterId).Distinct().ShouldBe([accurate, careless], ignoreOrder: true);
    }

    [Fact]
    public async Task Disabled_raters_are_left_out_unless_asked()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var raters = await fixture.CreateRatersAsync(2);
        var comparison = await scenario.AddComparisonAsync();
        await scenario.VoteAsync(comparison, raters[0]);
        await scenario.VoteAsync(comparison, raters[1]);
        await scenario.DisableAsync(raters[1]);

        var inGoodStanding = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request()));
        var all = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request() with { ExcludeDisabledRaters = false }));

        inGoodStanding.Select(p => p.RaterId).ShouldBe([raters[0]]);
        all.Select(p => p.RaterId).ShouldBe(raters, ignoreOrder: true);
    }

    [Fact]
    public async Task Raters_paused_in_the_project_are_left_out_unless_asked_and_count_again_once_resumed_and_a_pause_elsewhere_does_not_count()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var raters = await fixture.CreateRatersAsync(2);
        var comparison = await scenario.AddComparisonAsync();
        await scenario.VoteAsync(comparison, raters[0]);
        await scenario.VoteAsync(comparison, raters[1]);
        var pauses = fixture.App.Services.GetRequiredService<RaterPauses>();
        (await pauses.PauseAsync(scenario.ProjectId, raters[1], "Always picks the left answer", pausedById: null)).ShouldBeTrue();
        var elsewhere = await SnapshotScenario.CreateAsync(fixture);
        (await pauses.PauseAsync(elsewhere.ProjectId, raters[0], "Paused in another project only", pausedById: null)).ShouldBeTrue();

        var inGoodStanding = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request()));
        var all = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request() with { ExcludePausedRaters = false }));
        (await pauses.ResumeAsync(scenario.ProjectId, raters[1], resumedById: raters[0])).ShouldBeTrue();
        var afterResuming = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request()));

        inGoodStanding.Select(p => p.RaterId).ShouldBe([raters[0]]);
        all.Select(p => p.RaterId).ShouldBe(raters, ignoreOrder: true);
        afterResuming.Select(p => p.RaterId).ShouldBe(raters, ignoreOrder: true);
    }

    [Fact]
    public async Task Ties_and_both_bad_votes_are_dropped_by_default_and_kept_as_flagged_pairs_when_asked()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var raters = await fixture.CreateRatersAsync(3);
        var comparison = await scenario.AddComparisonAsync();
        var left = await scenario.VoteAsync(comparison, raters[0], VoteChoice.Left);
        var tie = await scenario.VoteAsync(comparison, raters[1], VoteChoice.Tie);
        var bothBad = await scenario.VoteAsync(comparison, raters[2], VoteChoice.BothBad);

        var dropped = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request()));
        var tiesKept = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request() with { TieHandling = SnapshotVoteHandling.Keep }));
        var bothKept = await scenario.PairsAsync(await scenario.SnapshotAsync(
            scenario.Request() with { TieHandling = SnapshotVoteHandling.Keep, BothBadHandling = SnapshotVoteHandling.Keep }));

        dropped.Select(p => p.VoteId).ShouldBe([left]);
        dropped[0].IsTie.ShouldBeFalse();
        dropped[0].IsBothBad.ShouldBeFalse();
        tiesKept.Select(p => (p.VoteId, p.IsTie, p.IsBothBad)).ShouldBe([(left, false, false), (tie, true, false)]);
        bothKept.Select(p => (p.VoteId, p.IsTie, p.IsBothBad)).ShouldBe([(left, false, false), (tie, true, false), (bothBad, false, true)]);
        bothKept.ShouldAllBe(p => p.ChosenCandidateId == comparison.CandidateIds[0] && p.RejectedCandidateId == comparison.CandidateIds[1]);
    }

    [Fact]
    public async Task A_ranking_of_three_becomes_three_pairs_from_best_to_worst_and_a_pick_one_pair()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        List<DialogueTurn> turns = [new("user", "Hello"), new("assistant", "Hi!")];
        var triple = await scenario.AddComparisonAsync(candidates: 3, earlierTurns: turns);
        var pair = await scenario.AddComparisonAsync();
        var (a, b, c) = (triple.CandidateIds[0], triple.CandidateIds[1], triple.CandidateIds[2]);
        var ranked = await scenario.VoteAsync(triple, rater, ranking: [c, a, b]);
        var picked = await scenario.VoteAsync(pair, rater, VoteChoice.Right, strength: PreferenceStrength.Much);

        var pairs = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request() with { HeldOutFraction = 0 }));

        pairs.Select(p => (p.VoteId, p.ChosenCandidateId, p.RejectedCandidateId)).ShouldBe(
            [(ranked, c, a), (ranked, c, b), (ranked, a, b), (picked, pair.CandidateIds[1], pair.CandidateIds[0])]);
        pairs[0].ChosenText.ShouldBe($"Answer 2 to {pairs[0].PromptText}");
        pairs[0].RejectedText.ShouldBe($"Answer 0 to {pairs[0].PromptText}");
        pairs[0].EarlierTurns.ShouldBe(turns);
        pairs[0].PromptId.ShouldBe(triple.PromptId);
        pairs[0].ChosenImagePath.ShouldBeNull();
        pairs[3].Strength.ShouldBe(PreferenceStrength.Much);
        pairs.ShouldAllBe(p => p.RaterId == rater && p.Split == SnapshotSplit.Train && !p.IsTie && !p.IsBothBad);
    }

    [Fact]
    public async Task Every_vote_on_a_prompt_is_in_one_split_and_held_out_prompts_are_always_held_out()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var raters = await fixture.CreateRatersAsync(2);
        var markedHeldOut = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            var first = await scenario.AddComparisonAsync(heldOutPrompt: i % 10 == 0);
            var second = await scenario.AddComparisonAsync(promptId: first.PromptId);
            if (i % 10 == 0)
            {
                markedHeldOut.Add(first.PromptId);
            }

            foreach (var comparison in new[] { first, second })
            {
                await scenario.VoteAsync(comparison, raters[0], VoteChoice.Left);
                await scenario.VoteAsync(comparison, raters[1], VoteChoice.Right);
            }
        }

        var pairs = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request() with { HeldOutFraction = 0.3, Seed = 7 }));
        var none = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request() with { HeldOutFraction = 0 }));
        var otherSeed = await scenario.PairsAsync(await scenario.SnapshotAsync(scenario.Request() with { HeldOutFraction = 0.3, Seed = 8 }));

        pairs.Count.ShouldBe(120);
        var splitByPrompt = pairs.GroupBy(p => p.PromptId).ToDictionary(g => g.Key, g => g.Select(p => p.Split).Distinct().ToList());
        splitByPrompt.Values.ShouldAllBe(splits => splits.Count == 1);
        markedHeldOut.ShouldAllBe(prompt => splitByPrompt[prompt][0] == SnapshotSplit.HeldOut);
        var chosen = splitByPrompt.Where(s => !markedHeldOut.Contains(s.Key)).Count(s => s.Value[0] == SnapshotSplit.HeldOut);
        chosen.ShouldBeInRange(2, 18);
        none.Where(p => p.Split == SnapshotSplit.HeldOut).Select(p => p.PromptId).Distinct().ShouldBe(markedHeldOut, ignoreOrder: true);
        otherSeed.Select(p => p.Split).ShouldNotBe(pairs.Select(p => p.Split));
    }

    [Fact]
    public async Task The_same_votes_and_request_give_the_same_hash()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var raters = await fixture.CreateRatersAsync(2);
        for (var i = 0; i < 12; i++)
        {
            var comparison = await scenario.AddComparisonAsync();
            await scenario.VoteAsync(comparison, raters[i % 2], i % 3 == 0 ? VoteChoice.Tie : VoteChoice.Left);
        }

        var request = scenario.Request() with { HeldOutFraction = 0.5, Seed = 3 };
        var first = (await scenario.Catalog.GetAsync(await scenario.SnapshotAsync(request))).ShouldNotBeNull();
        var again = (await scenario.Catalog.GetAsync(await scenario.SnapshotAsync(request with { Name = "Again" }))).ShouldNotBeNull();
        var withTies = (await scenario.Catalog.GetAsync(await scenario.SnapshotAsync(request with { TieHandling = SnapshotVoteHandling.Keep }))).ShouldNotBeNull();

        first.SnapshotId.ShouldNotBe(again.SnapshotId);
        again.Sha256.ShouldBe(first.Sha256);
        first.Sha256.ShouldMatch("^[0-9a-f]{64}$");
        first.Sha256.ShouldBe(SnapshotHash.Compute(await scenario.StoredVotesAsync(first.SnapshotId)));
        first.VoteCount.ShouldBe(8);
        withTies.VoteCount.ShouldBe(12);
        withTies.Sha256.ShouldNotBe(first.Sha256);
    }

    [Fact]
    public async Task An_empty_selection_or_a_request_that_does_not_hold_is_refused_with_a_clear_message()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var rater = (await fixture.CreateRatersAsync(1))[0];

        var (noVotesId, noVotes) = await scenario.CreateAsync(scenario.Request());
        await scenario.VoteAsync(await scenario.AddComparisonAsync(), rater, VoteChoice.Tie);
        var (_, onlyTies) = await scenario.CreateAsync(scenario.Request());
        var (_, invalid) = await scenario.CreateAsync(scenario.Request() with { Name = " ", HeldOutFraction = 1.5, MinGoldAccuracy = -1 });
        var (_, noProject) = await scenario.CreateAsync(new SnapshotRequest(-1, "Nothing"));

        noVotesId.ShouldBeNull();
        noVotes.Succeeded.ShouldBeFalse();
        noVotes.Errors.ShouldBe(["The project has no votes yet, so there is nothing to snapshot."]);
        onlyTies.Succeeded.ShouldBeFalse();
        onlyTies.Errors.Single().ShouldStartWith("None of the project's 1 votes match these filters");
        invalid.Errors.ShouldBe(
            ["A snapshot needs a name.", "The minimum gold accuracy must be between 0% and 100%.", "The held-out share of prompts must be between 0% and 100%."]);
        noProject.Errors.ShouldBe(["Project -1 does not exist."]);
        (await scenario.Catalog.ListAsync(scenario.ProjectId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_catalog_lists_a_projects_snapshots_newest_first_with_pairs_per_split_and_the_filter_used()
    {
        var scenario = await SnapshotScenario.CreateAsync(fixture);
        var rater = (await fixture.CreateRatersAsync(1))[0];
        var heldOut = await scenario.AddComparisonAsync(candidates: 3, heldOutPrompt: true);
        await scenario.VoteAsync(heldOut, rater, ranking: heldOut.CandidateIds);
        await scenario.VoteAsync(await scenario.AddComparisonAsync(), rater);
        await scenario.VoteAsync(await scenario.AddComparisonAsync(), rater);
        var request = scenario.Request() with { Name = "  First  ", HeldOutFraction = 0, MinGoldAccuracy = 0.8 };
        var older = await scenario.SnapshotAsync(request, userId: rater);
        var newer = await scenario.SnapshotAsync(request with { Name = "Second" });

        var list = await scenario.Catalog.ListAsync(scenario.ProjectId);

        list.Select(s => s.SnapshotId).ShouldBe([newer, older]);
        var first = list[1];
        first.Name.ShouldBe("First");
        first.ProjectId.ShouldBe(scenario.ProjectId);
        (first.VoteCount, first.TrainVotes, first.HeldOutVotes).ShouldBe((3, 2, 1));
        (first.TrainPairs, first.HeldOutPairs).ShouldBe((2, 3));
        first.CreatedById.ShouldBe(rater);
        first.CreatedByName.ShouldStartWith("rater-");
        list[0].CreatedByName.ShouldBeNull();
        SnapshotRequest.FromJson(first.FilterJson).ShouldBe(request);
        (await scenario.PairsAsync(older)).Count.ShouldBe(5);
    }
}
