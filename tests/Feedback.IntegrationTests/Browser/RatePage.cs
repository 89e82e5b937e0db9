using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

/// <summary>The rate page as a test sees it: the item on screen, its candidates, and moving on to the next item.</summary>
public sealed class RatePage(IPage page)
{
    public IPage Page => page;

    public async Task OpenAsync(long projectId)
    {
        await page.GotoAsync($"rate/{projectId}");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("rating-item").Or(page.GetByTestId("all-done"))).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    /// <summary>The comparison on screen, or null once the queue is empty.</summary>
    public async Task<long?> CurrentComparisonAsync()
    {
        await Expect(page.GetByTestId("rating-item").Or(page.GetByTestId("all-done"))).ToBeVisibleAsync(new() { Timeout = 15_000 });
        if (await page.GetByTestId("all-done").IsVisibleAsync())
        {
            return null;
        }

        var id = await page.GetByTestId("rating-item").GetAttributeAsync("data-comparison-id");
        return long.Parse(id!);
    }

    public async Task<bool> IsRankingAsync() => await page.GetByTestId("ranking").CountAsync() > 0;

    /// <summary>The text of candidate A, B, C... as rendered.</summary>
    public Task<string> CandidateTextAsync(char label) =>
        page.GetByTestId($"candidate-{label}").Locator(".candidate-text").InnerTextAsync();

    public Task<string?> CandidateImageAsync(char label) =>
        page.GetByTestId($"candidate-{label}").Locator("img").GetAttributeAsync("src");

    /// <summary>Presses a shortcut key and waits until a different item (or the end of the queue) is on screen.</summary>
    public async Task PressAndWaitForNextAsync(string key, long current)
    {
        await page.Keyboard.PressAsync(key);
        await WaitForNextAsync(current);
    }

    public async Task WaitForNextAsync(long current)
    {
        await page.WaitForFunctionAsync(
            """
            current => {
              if (document.querySelector("[data-testid=all-done]")) return true;
              const item = document.querySelector("[data-rating-item]");
              return item !== null && item.dataset.comparisonId !== String(current);
            }
            """,
            current,
            new() { Timeout = 15_000 });
    }
}
