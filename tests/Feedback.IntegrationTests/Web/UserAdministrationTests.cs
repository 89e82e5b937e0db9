using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Web;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;
    private UserAdministration administration = null!;
    private string adminId = "";

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        administration = app.Services.GetRequiredService<UserAdministration>();
        adminId = (await UserAsync("admin")).Id;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Setting_roles_replaces_them_and_refuses_unknown_roles_and_an_admin_dropping_their_own()
    {
        var id = await TestUsers.CreateAsync(app, "promoted", Roles.Annotator);

        (await administration.SetRolesAsync(id, [Roles.Researcher, Roles.Admin], adminId)).Succeeded.ShouldBeTrue();
        (await UserAsync("promoted")).Roles.ShouldBe([Roles.Admin, Roles.Researcher]);

        var unknown = await administration.SetRolesAsync(id, ["Owner"], adminId);
        unknown.Errors.ShouldBe(["Unknown role 'Owner'."]);
        var own = await administration.SetRolesAsync(adminId, [Roles.Researcher], adminId);
        own.Errors.ShouldBe(["You cannot remove your own Admin role."]);
        (await administration.SetDisabledAsync(adminId, true, adminId)).Errors.ShouldBe(["You cannot disable your own account."]);

        (await UserAsync("promoted")).Roles.ShouldBe([Roles.Admin, Roles.Researcher]);
        (await UserAsync("admin")).Roles.ShouldContain(Roles.Admin);
        (await administration.SetRolesAsync("no-such-id", [Roles.Annotator], adminId)).Errors.ShouldBe(["No such user."]);
    }

    [Fact]
    public async Task An_account_locked_by_failed_logins_shows_as_locked_until_an_admin_unlocks_it()
    {
        var id = await TestUsers.CreateAsync(app, "forgetful", Roles.Annotator);
        await FailLoginsAsync("forgetful", 5);

        var locked = await UserAsync("forgetful");
        locked.IsLockedOut.ShouldBeTrue();
        locked.CannotLogIn.ShouldBeFalse();
        locked.LockedUntil!.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow);

        (await administration.UnlockAsync(id)).Succeeded.ShouldBeTrue();

        (await UserAsync("forgetful")).LockedUntil.ShouldBeNull();
        await LoginClient.LoggedInAsync(app, "forgetful", TestUsers.Password);
    }

    [Fact]
    public async Task A_password_reset_replaces_the_old_password_and_ends_a_lockout()
    {
        var id = await TestUsers.CreateAsync(app, "reset-me", Roles.Annotator);
        await FailLoginsAsync("reset-me", 5);
        (await UserAsync("reset-me")).IsLockedOut.ShouldBeTrue();
        const string NewPassword = "Fresh-Passw0rd";

        (await administration.ResetPasswordAsync(id, NewPassword)).Succeeded.ShouldBeTrue();

        (await UserAsync("reset-me")).LockedUntil.ShouldBeNull();
        var old = await LoginClient.PostLoginAsync(app.CreateBrowserlikeClient(), "reset-me", TestUsers.Password);
        old.Headers.Location!.OriginalString.ShouldStartWith("/account/login?error=invalid");
        await LoginClient.LoggedInAsync(app, "reset-me", NewPassword);
    }

    [Fact]
    public async Task An_account_created_without_lockout_can_still_be_reset_and_unlocked()
    {
        var id = await TestUsers.CreateAsync(app, "no-lockout", Roles.Annotator);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
            (await users.SetLockoutEnabledAsync((await users.FindByIdAsync(id))!, false)).Succeeded.ShouldBeTrue();
        }

        (await administration.ResetPasswordAsync(id, "Fresh-Passw0rd")).Succeeded.ShouldBeTrue();
        (await administration.UnlockAsync(id)).Succeeded.ShouldBeTrue();
        await LoginClient.LoggedInAsync(app, "no-lockout", "Fresh-Passw0rd");
    }

    [Fact]
    public async Task A_password_too_weak_for_a_reset_is_refused_and_the_old_one_still_works()
    {
        var id = await TestUsers.CreateAsync(app, "weak", Roles.Annotator);

        var result = await administration.ResetPasswordAsync(id, "short");

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldNotBeEmpty();
        await LoginClient.LoggedInAsync(app, "weak", TestUsers.Password);
    }

    [Fact]
    public async Task An_account_that_holds_imported_labels_cannot_be_unlocked_or_given_a_password()
    {
        var id = await TestUsers.CreateAsync(app, "labels-holder");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
            var user = await users.FindByIdAsync(id);
            (await users.SetLockoutEndDateAsync(user!, DateTimeOffset.MaxValue)).Succeeded.ShouldBeTrue();
        }

        (await UserAsync("labels-holder")).CannotLogIn.ShouldBeTrue();
        (await administration.UnlockAsync(id)).Errors.ShouldBe(["labels-holder holds imported labels: nobody logs in as it."]);
        (await administration.ResetPasswordAsync(id, "Fresh-Passw0rd")).Succeeded.ShouldBeFalse();
        (await UserAsync("labels-holder")).CannotLogIn.ShouldBeTrue();
    }

    private async Task<UserSummary> UserAsync(string userName) => (await administration.ListAsync()).Single(u => u.UserName == userName);

    private async Task FailLoginsAsync(string userName, int times)
    {
        var client = app.CreateBrowserlikeClient();
        for (var i = 0; i < times; i++)
        {
            await LoginClient.PostLoginAsync(client, userName, $"wrong-{i}");
        }
    }
}
