using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Sampling.Imaging;
using Feedback.Training.Datasets.Scenes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RateImagePageTests(BrowserFixture browser) : IAsyncLifetime
{
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
            new NewProject { Name = "Shapes", Modality = Modality.Image, VotesPerComparison = 2 },
            researcherId);

        // Each caption with the scene that follows it and a near miss.
        var rng = new Random(7);
        var content = app.Services.GetRequiredService<ProjectContent>();
        foreach (var example in SceneGenerator.Generate(2, seed: 7))
        {
            var (_, result) = await content.AddItemAsync(projectId, new NewItem
            {
                Prompt = example.Caption,
                Candidates = [NewCandidate.FromPng(Png(example.Scene)), NewCandidate.FromPng(Png(SceneGenerator.Mistake(example, rng)))],
            });
            result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        }
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_annotator_compares_images_with_shared_zoom_and_flicker_and_votes_with_the_keyboard()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        var rate = new RatePage(page);
        await BrowserSteps.LoginAsync(page, "ann", TestUsers.Password);
        await rate.OpenAsync(projectId);

        var shown = new Dictionary<long, (string Key, string[] Sources)>();
        foreach (var key in new[] { "2", "1" })
        {
            var comparisonId = (await rate.CurrentComparisonAsync()).ShouldNotBeNull();
            var sources = new[] { (await rate.CandidateImageAsync('A'))!, (await rate.CandidateImageAsync('B'))! };
            await Expect(page.GetByTestId("prompt-text")).Not.ToBeEmptyAsync();

            // The images are served to the rater and drawn.
            await page.WaitForFunctionAsync(
                "() => { const images = [...document.querySelectorAll('.compare img')]; return images.length === 2 && images.every(i => i.complete && i.naturalWidth === 128); }");

            if (shown.Count == 0)
            {
                await Expect(page.GetByTestId("default-guideline")).ToContainTextAsync("what its caption asks for");
                await BrowserSteps.ScreenshotAsync(page, "rate-image");

                // Zoom on one image zooms both, by the same transform.
                var compare = page.GetByTestId("compare");
                await Expect(compare).ToHaveAttributeAsync("data-zoom-ready", "true");
                await page.GetByTestId("candidate-A").Locator("img").HoverAsync();
                await page.Mouse.WheelAsync(0, -200);
                await Expect(compare).Not.ToHaveAttributeAsync("data-zoom", "1.00");
                var transforms = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.compare img')].map(i => i.style.transform)");
                transforms.Distinct().Count().ShouldBe(1);
                transforms[0].ShouldContain("scale(");
                await BrowserSteps.ScreenshotAsync(page, "rate-image-zoomed");

                // X toggles the flicker view, which alternates the two images in one place.
                await page.Keyboard.PressAsync("x");
                await Expect(compare).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bflicker\b"));
                await page.Keyboard.PressAsync("x");
                await Expect(compare).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bflicker\b"));
            }

            await rate.PressAndWaitForNextAsync(key, comparisonId);
            shown[comparisonId] = (key, sources);
        }

        await Expect(page.GetByTestId("all-done")).ToBeVisibleAsync();
        tab.Errors.ShouldBeEmpty();

        await using var db = app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
        var images = await db.Candidates.ToDictionaryAsync(c => "media/" + c.ImagePath, c => c.Id);
        var votes = await db.Votes.Where(v => v.RaterId == raterId).ToListAsync();
        votes.Count.ShouldBe(2);
        foreach (var (comparisonId, (key, sources)) in shown)
        {
            var vote = votes.Single(v => v.ComparisonId == comparisonId);
            vote.ShownOrder.ShouldBe(sources.Select(s => images[s]).ToArray());
            vote.Choice.ShouldBe(key == "1" ? VoteChoice.Left : VoteChoice.Right);
            vote.AnsweredAt.ShouldBeGreaterThanOrEqualTo(vote.ShownAt);
        }
    }

    private static byte[] Png(Scene scene) => PngEncoder.EncodeRgb(SceneRenderer.Render(scene, 128), 128, 128);
}
