using System.Text;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Feedback.IntegrationTests.Browser;

/// <summary>What browser tests do over and over: log in, wait for the interactive page, keep a screenshot.</summary>
public static class BrowserSteps
{
    /// <summary>
    /// Marks, per document, when Blazor's circuit has applied its first render batch: that is when the server's
    /// components own the DOM and clicks reach them. Before that, a click on the prerendered markup is lost. Blazor has no
    /// public event for it, so this watches the client acknowledge a render batch ("OnRenderCompleted", the circuit
    /// hub's method) on the circuit's socket.
    /// </summary>
    internal const string CircuitProbeScript = """
        (() => {
          const marker = new TextEncoder().encode('OnRenderCompleted');
          const contains = bytes => {
            outer: for (let i = 0; i + marker.length <= bytes.length; i++) {
              for (let j = 0; j < marker.length; j++) {
                if (bytes[i + j] !== marker[j]) continue outer;
              }
              return true;
            }
            return false;
          };
          const send = WebSocket.prototype.send;
          WebSocket.prototype.send = function (data) {
            if (!window.__feedbackCircuitRendered && this.url.includes('/_blazor')) {
              const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
                : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
                : typeof data === 'string' ? new TextEncoder().encode(data) : null;
              if (bytes && contains(bytes)) window.__feedbackCircuitRendered = true;
            }
            return send.call(this, data);
          };
        })();
        """;

    private static readonly Lazy<string> ScreenshotFolder = new(() => Path.Combine(Artifacts.Folder(), "screenshots"));

    /// <summary>
    /// Logs in through the login page and returns once the home page is shown and interactive. Fails with the page's own
    /// message when the login is refused.
    /// </summary>
    public static async Task LoginAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("account/login");
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await page.WaitForURLAsync(url => IsHome(url) || IsLoginError(url));
        if (!IsHome(page.Url))
        {
            var message = await page.GetByTestId("login-error").InnerTextAsync();
            throw new InvalidOperationException($"Logging in as '{userName}' failed: {message.Trim()} ({page.Url})");
        }

        await WaitForInteractiveAsync(page);
    }

    /// <summary>Opens a project's page, waits until it is interactive and, when one is named, opens that tab.</summary>
    public static async Task OpenProjectAsync(IPage page, long projectId, string? tab = null)
    {
        await page.GotoAsync($"projects/{projectId}");
        await WaitForInteractiveAsync(page);
        if (tab is not null)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
        }
    }

    /// <summary>Waits until the current document's Blazor circuit is connected and has rendered (see <see cref="CircuitProbeScript"/>).</summary>
    public static async Task WaitForInteractiveAsync(IPage page, float timeoutMs = 30_000)
    {
        try
        {
            await page.WaitForFunctionAsync("() => window.__feedbackCircuitRendered === true", null, new() { Timeout = timeoutMs });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{page.Url} did not become interactive (no Blazor circuit rendered) within {timeoutMs} ms.", ex);
        }
    }

    /// <summary>
    /// Chooses files in the page's visible file input once Blazor's InputFile has wired it up: it listens for the change
    /// from its first render on, a server round trip after the input appears, and files chosen before that are lost. The
    /// wiring shows as the input's <c>_blazorInputFileNextFileId</c>, which InputFile's script sets when it attaches.
    /// </summary>
    public static async Task UploadAsync(IPage page, params FilePayload[] files)
    {
        const string Input = "input[type=file]:not(.d-none)";
        await page.WaitForFunctionAsync($"() => document.querySelector('{Input}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(Input).SetInputFilesAsync(files);
    }

    /// <summary>
    /// Saves a full-page PNG as screenshots/&lt;name&gt;.png under FEEDBACK_ARTIFACTS_DIR (the repository's artifacts folder
    /// when that is not set), and returns its path.
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder.Value, SafeFileName(name) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png });
        return path;
    }

    private static bool IsHome(string url) => new Uri(url).AbsolutePath == "/";

    private static bool IsLoginError(string url)
    {
        var uri = new Uri(url);
        return uri.AbsolutePath == "/account/login" && uri.Query.Contains("error=", StringComparison.Ordinal);
    }

    private static string SafeFileName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        return safe.Length == 0 ? "screenshot" : safe.ToString();
    }
}
