using System.Net;
using System.Text.RegularExpressions;
using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Web;

public sealed partial class LoginTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync() => app = await FeedbackAppFactory.CreateAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_login_page_and_its_styles_load_for_anonymous_users()
    {
        var client = app.CreateBrowserlikeClient();

        var page = await client.GetStringAsync("/account/login");
        page.ShouldContain("name=\"userName\"");
        page.ShouldContain("name=\"password\"");

        var stylesheets = Stylesheet().Matches(page).Select(m => m.Groups[1].Value).ToList();
        stylesheets.ShouldContain(href => href.Contains("MudBlazor", StringComparison.Ordinal));
        foreach (var href in stylesheets)
        {
            (await client.GetAsync("/" + href.TrimStart('/'))).StatusCode.ShouldBe(HttpStatusCode.OK, href);
        }
    }

    [Fact]
    public async Task A_correct_password_signs_in_and_returns_to_the_local_page_asked_for()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await LoginClient.PostLoginAsync(client, "admin", FeedbackAppFactory.AdminPassword, "/admin/users");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/admin/users");
        (await client.GetAsync("/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_absolute_return_url_is_not_followed()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await LoginClient.PostLoginAsync(client, "admin", FeedbackAppFactory.AdminPassword, "https://evil.example/");

        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task A_wrong_password_returns_to_the_login_page_with_an_error()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await LoginClient.PostLoginAsync(client, "admin", "wrong-password");

        response.Headers.Location!.OriginalString.ShouldStartWith("/account/login?error=invalid");
        (await client.GetStringAsync(response.Headers.Location!.OriginalString)).ShouldContain("The user name or password is wrong.");
    }

    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_refused()
    {
        var client = app.CreateBrowserlikeClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "admin",
            ["password"] = FeedbackAppFactory.AdminPassword,
        });

        var response = await client.PostAsync("/auth/login", form);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await TestUsers.CreateAsync(app, "guess-target", Roles.Annotator);
        var client = app.CreateBrowserlikeClient();

        for (var i = 0; i < 5; i++)
        {
            await LoginClient.PostLoginAsync(client, "guess-target", $"wrong-{i}");
        }

        var response = await LoginClient.PostLoginAsync(client, "guess-target", TestUsers.Password);
        response.Headers.Location!.OriginalString.ShouldStartWith("/account/login?error=locked");
    }

    [Fact]
    public async Task A_disabled_account_cannot_log_in_and_an_enabled_one_can_again()
    {
        var id = await TestUsers.CreateAsync(app, "leaver", Roles.Annotator);
        var administration = app.Services.GetRequiredService<UserAdministration>();
        var adminId = (await administration.ListAsync()).Single(u => u.UserName == "admin").Id;

        (await administration.SetDisabledAsync(id, true, adminId)).Succeeded.ShouldBeTrue();
        var refused = await LoginClient.PostLoginAsync(app.CreateBrowserlikeClient(), "leaver", TestUsers.Password);
        refused.Headers.Location!.OriginalString.ShouldStartWith("/account/login?error=disabled");

        (await administration.SetDisabledAsync(id, false, adminId)).Succeeded.ShouldBeTrue();
        await LoginClient.LoggedInAsync(app, "leaver", TestUsers.Password);
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        var client = await LoginClient.LoggedInAsync(app, "admin", FeedbackAppFactory.AdminPassword);
        var token = await LoginClient.AntiforgeryTokenAsync(client);

        var response = await client.PostAsync("/auth/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        response.Headers.Location!.OriginalString.ShouldBe("/account/login?loggedOut=true");
        (await client.GetAsync("/admin/users")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex Stylesheet();
}
