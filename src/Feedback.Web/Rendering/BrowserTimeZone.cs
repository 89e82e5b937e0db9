using Microsoft.JSInterop;

namespace Feedback.Web.Rendering;

/// <summary>
/// The browser's offset from UTC, learned once per circuit after the first render (scripts cannot run before it);
/// until then it is zero, that is UTC.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private static readonly TimeSpan Widest = TimeSpan.FromHours(14);

    public TimeSpan Offset { get; private set; }

    public bool IsKnown { get; private set; }

    /// <summary>Asks the browser for its offset; true when it was learned now and differs from what pages used so far.</summary>
    public async Task<bool> LearnAsync()
    {
        if (IsKnown)
        {
            return false;
        }

        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/clock.js");
        var minutes = await module.InvokeAsync<int>("utcOffsetMinutes");
        var offset = TimeSpan.FromMinutes(minutes);
        IsKnown = true;
        if (offset == Offset || offset.Duration() > Widest)
        {
            return false;
        }

        Offset = offset;
        return true;
    }
}
