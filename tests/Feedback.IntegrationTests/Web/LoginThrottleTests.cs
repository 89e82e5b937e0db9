using System.Net;
using Feedback.IntegrationTests.Infrastructure;

namespace Feedback.IntegrationTests.Web;

public sealed class LoginThrottleTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync() =>
        app = await FeedbackAppFactory.CreateAsync(s => s["Feedback:Security:LoginAttemptsPerMinute"] = "3");

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Login_attempts_past_the_per_minute_limit_get_429()
    {
        var client = app.CreateBrowserlikeClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await LoginClient.PostLoginAsync(client, $"nobody-{i}", "wrong")).StatusCode);
        }

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.Redirect);
        statuses.Skip(3).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }
}
