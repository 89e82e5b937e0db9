using Microsoft.Playwright;

namespace Feedback.IntegrationTests.Browser;

/// <summary>Test classes that drive the browser share one Chromium: <c>[Collection(BrowserCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One headless Chromium for the test run, driven by Playwright. It is the system's Chromium (FEEDBACK_CHROMIUM, or the
/// usual places): Playwright's own browser downloads are never used. Each test opens its own context with
/// <see cref="NewPageAsync"/>, so cookies and storage never leak from one test to the next.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not been started.");

    public async Task InitializeAsync()
    {
        var executable = FindChromium();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>A fresh context (no cookies, 1400x900) with one page whose relative URLs resolve against <paramref name="baseUrl"/>.</summary>
    public async Task<BrowserPage> NewPageAsync(string baseUrl, string timeZoneId = "UTC")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Locale = "en-US",
            TimezoneId = timeZoneId,
        });
        try
        {
            await context.AddInitScriptAsync(BrowserSteps.CircuitProbeScript);
            return new BrowserPage(context, await context.NewPageAsync());
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    /// <summary>FEEDBACK_CHROMIUM when set, else /usr/bin/chromium, else chromium or chromium-browser on the PATH.</summary>
    public static string FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable("FEEDBACK_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"FEEDBACK_CHROMIUM is set to '{configured}', which does not exist. Point it at a Chromium binary, or unset it " +
                    "to use /usr/bin/chromium (install that with 'sudo apt-get install chromium').");
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var candidates = new[] { "/usr/bin/chromium" }
            .Concat(path.Select(folder => Path.Combine(folder, "chromium")))
            .Concat(path.Select(folder => Path.Combine(folder, "chromium-browser")));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "The browser tests need Chromium, which was not found (looked for FEEDBACK_CHROMIUM, /usr/bin/chromium, and " +
                "chromium or chromium-browser on the PATH). Install it with 'sudo apt-get install chromium' (Debian; " +
                "'chromium-browser' on Ubuntu), or run ./test.sh, which installs it. Do not run 'playwright install': " +
                "the tests use the system's Chromium.");
    }
}
