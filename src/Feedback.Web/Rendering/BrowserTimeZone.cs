using Microsoft.JSInterop;

namespace Feedback.Web.Rendering;

/// <summary>
/// The browser's offset from UTC, learned once per circuit after the first render (scripts cannot run before it);
/// until then, or when the browser cannot say, it is zero, that is UTC.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private static readonly TimeSpan Widest = TimeSpan.FromHours(14);
    private bool learned;

    public TimeSpan Offset { get; private set; }

    /// <summary>Asks the browser for its offset; true when it was learned now and differs from what pages used so far.</summary>
    public async Task<bool> LearnAsync()
    {
        if (learned)
        {
            return false;
        }

        int minutes;
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/clock.js");
            minutes = await module.InvokeAsync<int>("utcOffsetMinutes");
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // A page closed or a script that failed to load leaves the day in UTC, as before the first render.
            return false;
        }

        var offset = TimeSpan.FromMinutes(minutes);
        learned = true;
        if (offset == Offset || offset.Duration() > Widest)
        {
            return false;
        }

        Offset = offset;
        return true;
    }
}
