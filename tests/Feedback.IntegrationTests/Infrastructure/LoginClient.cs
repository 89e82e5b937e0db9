using System.Net;
using System.Text.RegularExpressions;

namespace Feedback.IntegrationTests.Infrastructure;

/// <summary>Logs in the way a browser does: fetch the login form for its antiforgery token, then post it.</summary>
public static partial class LoginClient
{
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password, string returnUrl = "/")
    {
        var token = await AntiforgeryTokenAsync(client);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        });
        return await client.PostAsync("/auth/login", form);
    }

    public static async Task<HttpClient> LoggedInAsync(FeedbackAppFactory app, string userName, string password)
    {
        var client = app.CreateBrowserlikeClient();
        var response = await PostLoginAsync(client, userName, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/", $"login of {userName} failed");
        return client;
    }

    /// <summary>The antiforgery token of a page's form (the login page's unless another is named), for the client's current user.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path = "/account/login")
    {
        var page = await client.GetStringAsync(path);
        var input = TokenInput().Match(page);
        input.Success.ShouldBeTrue($"{path} has no antiforgery token");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex ValueAttribute();
}
