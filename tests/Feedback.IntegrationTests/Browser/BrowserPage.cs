using Microsoft.Playwright;

namespace Feedback.IntegrationTests.Browser;

/// <summary>
/// A page in a context of its own, and what went wrong in it: console errors and uncaught exceptions, in the order they
/// happened. Disposing closes the context.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly List<string> errors = [];

    internal BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Record($"page error: {error}");
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors and page errors so far; a test that expects a clean page asserts this is empty.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (errors)
            {
                return [.. errors];
            }
        }
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    private void Record(string error)
    {
        lock (errors)
        {
            errors.Add(error);
        }
    }
}
