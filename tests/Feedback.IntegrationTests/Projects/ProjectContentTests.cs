using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace Feedback.IntegrationTests.Projects;

public sealed class ProjectContentTests(ContentFixture fixture) : IClassFixture<ContentFixture>
{
    private ProjectContent Content => fixture.Content;

    private static NewItem TextItem(params string[] candidates) => new()
    {
        Prompt = "What is 2 + 2?",
        Candidates = candidates.Select(NewCandidate.FromText).ToList(),
    };

    [Fact]
    public async Task Adding_an_item_stores_a_manual_prompt_its_candidates_and_one_comparison_in_their_order()
    {
        var projectId = await fixture.CreateProjectAsync();
        var item = TextItem("**Four.**", "Five.", "Twenty-two.");
        item.EarlierTurns = [new DialogueTurn("user", "Let's do sums."), new DialogueTurn("assistant", "Sure!")];

        var (comparisonId, result) = await Content.AddItemAsync(projectId, item);

        result.Succeeded.ShouldBeTrue();
        await using var db = fixture.NewContext();
        var comparison = await db.Comparisons
            .Include(c => c.Prompt)
            .Include(c => c.Candidates).ThenInclude(cc => cc.Candidate)
            .SingleAsync(c => c.Id == comparisonId);
        comparison.ProjectId.ShouldBe(projectId);
        comparison.IsGold.ShouldBeFalse();
        comparison.Prompt!.Text.ShouldBe("What is 2 + 2?");
        comparison.Prompt.Source.ShouldBe("manual");
        comparison.Prompt.EarlierTurns.ShouldBe([new DialogueTurn("user", "Let's do sums."), new DialogueTurn("assistant", "Sure!")]);
        var candidates = comparison.Candidates.OrderBy(cc => cc.Position).ToList();
        candidates.Select(cc => cc.Position).ShouldBe([0, 1, 2]);
        candidates.Select(cc => cc.Candidate!.Text).ShouldBe(["**Four.**", "Five.", "Twenty-two."]);
        candidates.ShouldAllBe(cc => cc.Candidate!.PromptId == comparison.PromptId
            && cc.Candidate.Modality == Modality.Text && cc.Candidate.Source == "manual");
    }

    [Fact]
    public async Task Image_candidates_are_stored_in_the_media_folder_and_point_at_their_files()
    {
        var projectId = await fixture.CreateProjectAsync(Modality.Image);
        var red = TestPng.Solid(2, 2, red: 255);
        var blue = TestPng.Solid(2, 2, red: 0, blue: 255);

        var (comparisonId, result) = await Content.AddItemAsync(projectId, new NewItem
        {
            Prompt = "A red square", Candidates = [NewCandidate.FromPng(red), NewCandidate.FromPng(blue)],
        });

        result.Succeeded.ShouldBeTrue();
        await using var db = fixture.NewContext();
        var candidates = await db.ComparisonCandidates.Where(cc => cc.ComparisonId == comparisonId)
            .OrderBy(cc => cc.Position).Select(cc => cc.Candidate!).ToListAsync();
        candidates.ShouldAllBe(c => c.Modality == Modality.Image && c.Text == null);
        candidates[0].ImagePath.ShouldBe(candidates[0].ImageSha256 + ".png");
        await using var stored = fixture.Media.TryOpenRead(candidates[0].ImagePath!).ShouldNotBeNull();
        using var read = new MemoryStream();
        await stored.CopyToAsync(read);
        read.ToArray().ShouldBe(red);
        candidates[1].ImagePath.ShouldNotBe(candidates[0].ImagePath);
    }

    [Fact]
    public async Task An_invalid_item_is_refused_with_every_reason_and_nothing_is_stored()
    {
        var projectId = await fixture.CreateProjectAsync();
        var item = new NewItem
        {
            Prompt = "  ",
            EarlierTurns = [new DialogueTurn("system", "Be terse."), new DialogueTurn("user", " ")],
            Candidates =
            [
                NewCandidate.FromText("Same"), NewCandidate.FromText(""), NewCandidate.FromText(new string('x', 20_001)),
                NewCandidate.FromText("Same "), NewCandidate.FromPng(TestPng.Solid(1, 1, red: 0)),
            ],
        };

        var (comparisonId, result) = await Content.AddItemAsync(projectId, item);

        comparisonId.ShouldBeNull();
        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldBe(
        [
            "A prompt is required.",
            "Turn 1's role must be \"user\" or \"assistant\".",
            "Turn 2 is empty.",
            "An item needs between 2 and 4 candidates; this one has 5.",
            "Candidate 2 is empty.",
            "Candidate 3 is longer than 20,000 characters.",
            "Candidates 1 and 4 are identical.",
            "Candidate 5 is an image, but this project compares text.",
        ]);
        await using var db = fixture.NewContext();
        (await db.Prompts.CountAsync(p => p.ProjectId == projectId)).ShouldBe(0);
        (await db.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(0);
    }

    [Fact]
    public async Task An_image_project_refuses_text_missing_images_repeated_images_and_files_that_are_not_png()
    {
        var projectId = await fixture.CreateProjectAsync(Modality.Image);
        var png = TestPng.Solid(1, 1, red: 7);

        var (_, result) = await Content.AddItemAsync(projectId, new NewItem
        {
            Prompt = "A cat",
            EarlierTurns = [new DialogueTurn("user", "Hello")],
            Candidates = [NewCandidate.FromPng(png), NewCandidate.FromPng(png.ToArray()), NewCandidate.FromText("a cat"), NewCandidate.FromPng("JFIF"u8.ToArray())],
        });

        result.Errors.ShouldBe(
        [
            "An image prompt is a caption; it has no earlier turns.",
            "Candidates 1 and 2 are identical.",
            "Candidate 3 is text, but this project compares images.",
            "Candidate 4 is not a PNG file.",
        ]);
    }

    [Fact]
    public async Task Archived_and_missing_projects_take_no_new_items()
    {
        var archived = await fixture.CreateProjectAsync(archived: true);

        var (_, toArchived) = await Content.AddItemAsync(archived, TextItem("A", "B"));
        var (_, toMissing) = await Content.AddItemAsync(-1, TextItem("A", "B"));

        toArchived.Errors.ShouldHaveSingleItem().ShouldContain("is archived");
        toMissing.Errors.ShouldBe(["Project -1 does not exist."]);
    }

    [Fact]
    public async Task A_pair_is_marked_gold_with_its_better_candidate_or_a_tie_and_unmarked_again()
    {
        var projectId = await fixture.CreateProjectAsync();
        var (comparisonId, _) = await Content.AddItemAsync(projectId, TextItem("Four", "Five"));
        var candidateIds = await CandidateIdsAsync(comparisonId!.Value);

        (await Content.MarkGoldAsync(comparisonId.Value, candidateIds[0])).Succeeded.ShouldBeTrue();
        (await GoldAsync(comparisonId.Value)).ShouldBe((true, candidateIds[0]));

        (await Content.MarkGoldAsync(comparisonId.Value, null)).Succeeded.ShouldBeTrue();
        (await GoldAsync(comparisonId.Value)).ShouldBe((true, (long?)null));

        (await Content.UnmarkGoldAsync(comparisonId.Value)).Succeeded.ShouldBeTrue();
        (await GoldAsync(comparisonId.Value)).ShouldBe((false, (long?)null));
    }

    [Fact]
    public async Task Gold_needs_a_pair_and_one_of_its_own_candidates()
    {
        var projectId = await fixture.CreateProjectAsync();
        var (pairId, _) = await Content.AddItemAsync(projectId, TextItem("Four", "Five"));
        var (rankingId, _) = await Content.AddItemAsync(projectId, TextItem("Four", "Five", "Six"));
        var otherCandidate = (await CandidateIdsAsync(rankingId!.Value))[0];

        var foreign = await Content.MarkGoldAsync(pairId!.Value, otherCandidate);
        var ranking = await Content.MarkGoldAsync(rankingId.Value, null);
        var missing = await Content.MarkGoldAsync(-1, null);

        foreign.Errors.ShouldBe([$"Candidate {otherCandidate} is not one of comparison {pairId}'s candidates."]);
        ranking.Errors.ShouldBe([$"Comparison {rankingId} ranks 3 candidates; only pairs can be gold."]);
        missing.Errors.ShouldBe(["Comparison -1 does not exist."]);
        (await Content.UnmarkGoldAsync(-1)).Succeeded.ShouldBeFalse();
        (await GoldAsync(pairId.Value)).ShouldBe((false, (long?)null));
        (await GoldAsync(rankingId.Value)).ShouldBe((false, (long?)null));
    }

    [Fact]
    public async Task The_listing_shows_newest_first_with_previews_votes_and_gold_and_the_summary_counts_it_all()
    {
        var projectId = await fixture.CreateProjectAsync();
        var longAnswer = new string('a', 300);
        var (firstId, _) = await Content.AddItemAsync(projectId, TextItem(longAnswer, "Short"));
        var (secondId, _) = await Content.AddItemAsync(projectId, TextItem("One", "Two", "Three"));
        var (thirdId, _) = await Content.AddItemAsync(projectId, TextItem("Yes", "No"));
        var goldAnswer = (await CandidateIdsAsync(firstId!.Value))[1];
        await Content.MarkGoldAsync(firstId.Value, goldAnswer);
        await fixture.AddVoteAsync(firstId.Value);
        await fixture.AddVoteAsync(firstId.Value);
        await fixture.AddVoteAsync(thirdId!.Value);

        var page = await Content.ListComparisonsAsync(projectId, skip: 1, take: 5);

        page.Total.ShouldBe(3);
        page.Rows.Select(r => r.ComparisonId).ShouldBe([secondId!.Value, firstId.Value]);
        page.Rows[0].CandidateCount.ShouldBe(3);
        page.Rows[0].Votes.ShouldBe(0);
        var first = page.Rows[1];
        first.PromptPreview.ShouldBe("What is 2 + 2?");
        first.Candidates.Select(c => c.Text).ShouldBe([new string('a', 120), "Short"]);
        first.Candidates.ShouldAllBe(c => c.ImagePath == null);
        first.Votes.ShouldBe(2);
        first.IsGold.ShouldBeTrue();
        first.GoldPreferredCandidateId.ShouldBe(goldAnswer);

        var summary = (await Content.ProjectSummaryAsync(projectId)).ShouldNotBeNull();
        summary.Modality.ShouldBe(Modality.Text);
        summary.VotesPerComparison.ShouldBe(3);
        (summary.PromptCount, summary.ComparisonCount, summary.VoteCount, summary.GoldCount).ShouldBe((3, 3, 3, 1));
        (await Content.ProjectSummaryAsync(-1)).ShouldBeNull();
    }

    private async Task<List<long>> CandidateIdsAsync(long comparisonId)
    {
        await using var db = fixture.NewContext();
        return await db.ComparisonCandidates.Where(cc => cc.ComparisonId == comparisonId)
            .OrderBy(cc => cc.Position).Select(cc => cc.CandidateId).ToListAsync();
    }

    private async Task<(bool IsGold, long? Preferred)> GoldAsync(long comparisonId)
    {
        await using var db = fixture.NewContext();
        var comparison = await db.Comparisons.AsNoTracking().SingleAsync(c => c.Id == comparisonId);
        return (comparison.IsGold, comparison.GoldPreferredCandidateId);
    }
}
