using System.Net;
using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;

namespace Feedback.IntegrationTests.Web;

public sealed class PasswordChangeTests : IAsyncLifetime
{
    private const string NewPassword = "Second-Passw0rd";
    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        await TestUsers.CreateAsync(app, "changer", Roles.Annotator);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_user_changes_their_password_stays_logged_in_and_only_the_new_one_works_afterwards()
    {
        var client = await LoginClient.LoggedInAsync(app, "changer", TestUsers.Password);

        var response = await PostAsync(client, TestUsers.Password, NewPassword, NewPassword);

        response.Headers.Location!.OriginalString.ShouldBe("/account/password?changed=true");
        var old = await LoginClient.PostLoginAsync(app.CreateBrowserlikeClient(), "changer", TestUsers.Password);
        old.Headers.Location!.OriginalString.ShouldStartWith("/account/login?error=invalid");
        await LoginClient.LoggedInAsync(app, "changer", NewPassword);
    }

    [Fact]
    public async Task Once_sessions_are_checked_again_the_changing_one_carries_on_and_the_account_s_others_end()
    {
        var clock = new AdjustableClock();
        await using var timed = await FeedbackAppFactory.CreateAsync(clock: clock);
        await TestUsers.CreateAsync(timed, "two-tabs", Roles.Annotator);
        var elsewhere = await LoginClient.LoggedInAsync(timed, "two-tabs", TestUsers.Password);
        var changing = await LoginClient.LoggedInAsync(timed, "two-tabs", TestUsers.Password);

        (await PostAsync(changing, TestUsers.Password, NewPassword, NewPassword)).Headers.Location!.OriginalString.ShouldEndWith("changed=true");
        clock.Advance(TimeSpan.FromMinutes(2));

        (await changing.GetAsync("/account/password")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ended = await elsewhere.GetAsync("/account/password");
        ended.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ended.Headers.Location!.OriginalString.ShouldContain("/account/login");
    }

    [Fact]
    public async Task Wrong_current_passwords_count_towards_the_lockout_and_the_fifth_ends_the_session()
    {
        var client = await LoginClient.LoggedInAsync(app, "changer", TestUsers.Password);

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await PostAsync(client, $"Wrong-Passw0rd{i}", NewPassword, NewPassword)).Headers.Location!.OriginalString);
        }

        answers.Take(4).ShouldAllBe(a => a == "/account/password?error=wrong");
        answers[4].ShouldBe("/account/login?error=locked");
        (await client.GetAsync("/account/password")).Headers.Location!.OriginalString.ShouldContain("/account/login");
        var locked = await LoginClient.PostLoginAsync(app.CreateBrowserlikeClient(), "changer", TestUsers.Password);
        locked.Headers.Location!.OriginalString.ShouldStartWith("/account/login?error=locked");
    }

    [Theory]
    [InlineData("Wrong-Passw0rd", NewPassword, NewPassword, "wrong")]
    [InlineData(TestUsers.Password, NewPassword, "Other-Passw0rd", "mismatch")]
    [InlineData(TestUsers.Password, "weakweak", "weakweak", "weak")]
    [InlineData(TestUsers.Password, TestUsers.Password, TestUsers.Password, "unchanged")]
    [InlineData("", NewPassword, NewPassword, "missing")]
    public async Task A_refused_change_says_why_and_keeps_the_old_password(string current, string next, string confirm, string error)
    {
        var client = await LoginClient.LoggedInAsync(app, "changer", TestUsers.Password);

        var response = await PostAsync(client, current, next, confirm);

        response.Headers.Location!.OriginalString.ShouldBe($"/account/password?error={error}");
        await LoginClient.LoggedInAsync(app, "changer", TestUsers.Password);
    }

    [Fact]
    public async Task A_get_of_the_form_post_address_after_a_new_login_leads_back_to_the_form()
    {
        var client = await LoginClient.LoggedInAsync(app, "changer", TestUsers.Password);

        var response = await client.GetAsync("/auth/password");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/account/password");
    }

    [Fact]
    public async Task Changing_a_password_needs_a_login_and_the_form_token()
    {
        var anonymous = app.CreateBrowserlikeClient();
        var token = await LoginClient.AntiforgeryTokenAsync(anonymous);
        var refused = await anonymous.PostAsync("/auth/password", Form(token, TestUsers.Password, NewPassword, NewPassword));
        refused.Headers.Location!.OriginalString.ShouldContain("/account/login");

        var client = await LoginClient.LoggedInAsync(app, "changer", TestUsers.Password);
        var forged = await client.PostAsync("/auth/password", Form("forged", TestUsers.Password, NewPassword, NewPassword));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await LoginClient.LoggedInAsync(app, "changer", TestUsers.Password);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string current, string next, string confirm) =>
        await client.PostAsync("/auth/password", Form(await LoginClient.AntiforgeryTokenAsync(client, "/account/password"), current, next, confirm));

    private static FormUrlEncodedContent Form(string token, string current, string next, string confirm) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["currentPassword"] = current,
        ["newPassword"] = next,
        ["confirmPassword"] = confirm,
    });
}
