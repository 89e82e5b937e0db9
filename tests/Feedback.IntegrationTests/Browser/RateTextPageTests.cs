using Feedback.Core.Accounts;
using Feedback.Core.Agreement;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Core.Rating;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RateTextPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Hostile = "Run this: <script>window.__pwned = 'script'</script> or <img src=x onerror=\"window.__pwned = 'img'\"> **now**";

    private BrowserApp app = null!;
    private string raterId = "";
    private long projectId;

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        var researcherId = await TestUsers.CreateAsync(app.Factory, "rhea", Roles.Researcher);
        raterId = await TestUsers.CreateAsync(app.Factory, "ann", Roles.Annotator);
        projectId = await TestProjects.CreateAsync(
            app.Factory,
            new NewProject
            {
                Name = "Helpful answers",
                GuidelinesMarkdown = "Prefer **correct** answers.",
                VotesPerComparison = 3,
                AssignmentPolicy = AssignmentPolicy.OldestFirst,
            },
            researcherId);

        var content = app.Services.GetRequiredService<ProjectContent>();
        await AddAsync(content, "What is 2 + 2?", [], Hostile, "2 + 2 = 4.");
        await AddAsync(content, "Convert 3 km to metres.", [], "3 km is 3,000 m.", "3 km is 300 m.");
        await AddAsync(content, "And in centimetres?", [new DialogueTurn("user", "Convert 3 km to metres."), new DialogueTurn("assistant", "3,000 m.")],
            "300,000 cm.", "30,000 cm.");
        await AddAsync(content, "Name a prime number.", [], "7.", "8.");
        await AddAsync(content, "What is the capital of Canada?", [], "Ottawa.", "Toronto.");
        await AddAsync(content, "Name an even number.", [], "4.", "5.");
        await AddAsync(content, "Shorten: the meeting moved to Friday.", [], "Meeting: Friday.", "The meeting, which was planned, has now been moved to Friday.", "Ugh. Friday.");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_paused_annotator_is_told_so_and_why_instead_of_being_offered_work()
    {
        var adminId = await TestUsers.CreateAsync(app.Factory, "ada", Roles.Admin);
        (await app.Services.GetRequiredService<RaterPauses>().PauseAsync(projectId, raterId, "Please reread the guidelines.", adminId)).ShouldBeTrue();
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "ann", TestUsers.Password);

        await page.GotoAsync("rate");
        var card = page.GetByTestId($"rate-project-{projectId}");
        await Expect(card.GetByTestId("paused")).ToContainTextAsync("Your rating is paused by an admin: Please reread the guidelines.");
        await Expect(card).Not.ToContainTextAsync("Start rating");

        await page.GotoAsync($"rate/{projectId}");
        await Expect(page.GetByTestId("paused")).ToContainTextAsync("Your rating is paused by an admin: Please reread the guidelines.");
        await Expect(page.GetByTestId("left-in-queue")).ToHaveTextAsync("Left: 0");
        await Expect(page.GetByTestId("all-done")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_annotator_votes_ranks_skips_and_flags_with_the_keyboard_and_exactly_those_answers_are_stored()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        var rate = new RatePage(page);
        await BrowserSteps.LoginAsync(page, "ann", TestUsers.Password);

        await page.GotoAsync("rate");
        await Expect(page.GetByTestId($"rate-project-{projectId}")).ToContainTextAsync("Helpful answers");
        await BrowserSteps.ScreenshotAsync(page, "rate-home");

        await rate.OpenAsync(projectId);
        await Expect(page.GetByTestId("guidelines")).ToContainTextAsync("Prefer correct answers.");
        await Expect(page.GetByTestId("left-in-queue")).ToHaveTextAsync("Left: 7");

        // What the rater did to each comparison, with the candidates as shown left to right.
        var pairActions = new Queue<string>(["1", "2", "3", "4", "s", "f"]);
        var done = new Dictionary<long, (string Action, string[] Shown)>();
        var sawHostile = false;
        while (await rate.CurrentComparisonAsync() is { } comparisonId)
        {
            if (await rate.IsRankingAsync())
            {
                var shown = new[] { await rate.CandidateTextAsync('A'), await rate.CandidateTextAsync('B'), await rate.CandidateTextAsync('C') };
                await BrowserSteps.ScreenshotAsync(page, "rate-ranking");
                foreach (var key in new[] { "3", "1", "2" })
                {
                    await page.Keyboard.PressAsync(key);
                }

                await Expect(page.GetByTestId("rank-1")).ToContainTextAsync(shown[2]);
                await Expect(page.GetByTestId("rank-3")).ToContainTextAsync(shown[1]);
                await BrowserSteps.ScreenshotAsync(page, "rate-ranking-ordered");
                await rate.PressAndWaitForNextAsync("Enter", comparisonId);
                done[comparisonId] = ("rank", shown);
                continue;
            }

            var pair = new[] { await rate.CandidateTextAsync('A'), await rate.CandidateTextAsync('B') };
            if (pair.Any(text => text.Contains("<script>", StringComparison.Ordinal)))
            {
                // Markup in model output is shown as the text it is, and none of it runs.
                sawHostile = true;
                var hostile = page.GetByTestId(pair[0].Contains("<script>", StringComparison.Ordinal) ? "candidate-A" : "candidate-B");
                await Expect(hostile).ToContainTextAsync("<script>window.__pwned = 'script'</script>");
                await Expect(hostile).ToContainTextAsync("<img src=x onerror=");
                (await hostile.Locator("script, img").CountAsync()).ShouldBe(0);
                await BrowserSteps.ScreenshotAsync(page, "rate-text-hostile-candidate");
            }

            var action = pairActions.Dequeue();
            switch (action)
            {
                case "1" when done.Count == 0:
                    // The first vote also carries a strength and a rationale, and is sent with the button.
                    await BrowserSteps.ScreenshotAsync(page, "rate-text");
                    await page.GetByTestId("strength").GetByText("Clearly").ClickAsync();
                    await page.GetByTestId("rationale").FillAsync("A is right.");
                    await page.GetByTestId("vote-left").ClickAsync();
                    await rate.WaitForNextAsync(comparisonId);
                    break;
                case "f":
                    await page.Keyboard.PressAsync("f");
                    await page.GetByTestId("flag-reason").FillAsync("Both answers are cut off.");
                    await BrowserSteps.ScreenshotAsync(page, "rate-flag-dialog");
                    await page.GetByTestId("flag-submit").ClickAsync();
                    await rate.WaitForNextAsync(comparisonId);
                    break;
                default:
                    await rate.PressAndWaitForNextAsync(action, comparisonId);
                    break;
            }

            done[comparisonId] = (action, pair);
        }

        await Expect(page.GetByTestId("all-done")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "rate-all-done");
        sawHostile.ShouldBeTrue();
        done.Count.ShouldBe(7);
        (await page.EvaluateAsync<string?>("() => window.__pwned ?? null")).ShouldBeNull();
        tab.Errors.ShouldBeEmpty();

        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        var texts = await db.Candidates.ToDictionaryAsync(c => c.Text!, c => c.Id);
        var votes = await db.Votes.Where(v => v.RaterId == raterId).ToListAsync();
        var passes = await db.ComparisonPasses.Where(p => p.RaterId == raterId).ToListAsync();
        votes.Count.ShouldBe(5, string.Join("; ", votes.Select(v => $"{v.ComparisonId}:{v.Choice}")) + " / " + string.Join(",", done.Select(d => $"{d.Key}:{d.Value.Action}")));
        passes.Count.ShouldBe(2);
        foreach (var (comparisonId, (action, shown)) in done)
        {
            var shownIds = shown.Select(text => texts[Plain(text, texts.Keys)]).ToArray();
            if (action is "s" or "f")
            {
                var pass = passes.Single(p => p.ComparisonId == comparisonId);
                pass.Kind.ShouldBe(action == "s" ? PassKind.Skip : PassKind.Flag);
                pass.Reason.ShouldBe(action == "f" ? "Both answers are cut off." : null);
                continue;
            }

            var vote = votes.Single(v => v.ComparisonId == comparisonId);
            vote.ShownOrder.ShouldBe(shownIds);
            vote.ShownAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
            vote.AnsweredAt.ShouldBeGreaterThanOrEqualTo(vote.ShownAt);
            switch (action)
            {
                case "rank":
                    vote.Choice.ShouldBeNull();
                    vote.Ranking.ShouldBe([shownIds[2], shownIds[0], shownIds[1]]);
                    break;
                default:
                    vote.Choice.ShouldBe(action switch { "1" => VoteChoice.Left, "2" => VoteChoice.Right, "3" => VoteChoice.Tie, _ => VoteChoice.BothBad });
                    vote.Ranking.ShouldBeNull();
                    break;
            }
        }

        var first = votes.Single(v => v.Choice == VoteChoice.Left);
        first.Strength.ShouldBe(PreferenceStrength.Clearly);
        first.Rationale.ShouldBe("A is right.");
        await Expect(page.GetByTestId("done-today")).ToHaveTextAsync("Done today: 5");
    }

    [Fact]
    public async Task Done_today_counts_from_midnight_where_the_rater_is()
    {
        // A vote between UTC midnight and midnight in Karachi (UTC+5) is today in one and yesterday in the other.
        var now = DateTimeOffset.UtcNow;
        var utcDay = RaterQueue.StartOfDay(now, TimeSpan.Zero);
        var karachiDay = RaterQueue.StartOfDay(now, TimeSpan.FromHours(5));
        var answered = utcDay + ((karachiDay - utcDay) / 2);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            var comparison = await db.Comparisons.Include(c => c.Candidates).FirstAsync(c => c.ProjectId == projectId && c.Candidates.Count == 2);
            db.Votes.Add(new Vote
            {
                ComparisonId = comparison.Id,
                RaterId = raterId,
                ClientVoteId = Guid.NewGuid(),
                Choice = VoteChoice.Left,
                ShownOrder = comparison.Candidates.Select(c => c.CandidateId).ToArray(),
                ShownAt = answered.AddSeconds(-20),
                AnsweredAt = answered,
            });
            await db.SaveChangesAsync();
        }

        var expected = karachiDay < utcDay ? 1 : 0;
        await using var tab = await browser.NewPageAsync(app.BaseUrl, "Asia/Karachi");
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "ann", TestUsers.Password);
        await page.GotoAsync("rate");
        await Expect(page.GetByTestId($"rate-project-{projectId}")).ToContainTextAsync($"Done today: {expected}");
        await new RatePage(page).OpenAsync(projectId);
        await Expect(page.GetByTestId("done-today")).ToHaveTextAsync($"Done today: {expected}");
    }

    /// <summary>The stored Markdown source of a rendered candidate (rendering drops the ** of bold text).</summary>
    private static string Plain(string rendered, IEnumerable<string> sources) =>
        sources.SingleOrDefault(source => source.Replace("**", "", StringComparison.Ordinal).Trim() == rendered.Trim())
        ?? throw new InvalidOperationException($"No candidate renders as '{rendered}'.");

    private async Task AddAsync(ProjectContent content, string prompt, List<DialogueTurn> turns, params string[] candidates)
    {
        var (_, result) = await content.AddItemAsync(projectId, new NewItem
        {
            Prompt = prompt,
            EarlierTurns = turns,
            Candidates = candidates.Select(NewCandidate.FromText).ToList(),
        });
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
    }
}
