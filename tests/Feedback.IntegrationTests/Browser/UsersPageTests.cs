using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class UsersPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserApp app = null!;

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        await TestUsers.CreateAsync(app.Factory, "ada", Roles.Admin);
        await TestUsers.CreateAsync(app.Factory, "forgetful", Roles.Annotator);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_admin_creates_an_account_that_logs_in_then_changes_its_roles_and_resets_its_password()
    {
        await using var tab = await OpenUsersPageAsync();
        var page = tab.Page;
        var table = page.GetByTestId("users-table");

        await page.GetByTestId("create-user").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByTestId("new-user-name").FillAsync("newcomer");
        var password = await dialog.GetByTestId("new-user-password").InputValueAsync();
        password.Length.ShouldBeGreaterThanOrEqualTo(8);
        await dialog.GetByLabel(Roles.Researcher).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Created newcomer." })).ToBeVisibleAsync();
        var row = table.Locator("tbody tr", new() { HasText = "newcomer" });
        await Expect(row).ToContainTextAsync(Roles.Annotator);
        await Expect(row).ToContainTextAsync(Roles.Researcher);
        await Expect(row).ToContainTextAsync("never");
        await BrowserSteps.ScreenshotAsync(page, "users");
        await LogInElsewhereAsync("newcomer", password);

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit roles" }).ClickAsync();
        await dialog.GetByLabel(Roles.Researcher).UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Updated the roles of newcomer." })).ToBeVisibleAsync();
        await Expect(row).Not.ToContainTextAsync(Roles.Researcher);

        await row.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true }).ClickAsync();
        var newPassword = await page.GetByTestId("new-password").InnerTextAsync();
        newPassword.ShouldNotBe(password);
        await BrowserSteps.ScreenshotAsync(page, "users-new-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await LogInElsewhereAsync("newcomer", newPassword);

        await page.GetByPlaceholder("Search by name, e-mail or role").FillAsync("newc");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_admin_sees_an_account_locked_by_failed_logins_and_unlocks_it()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
            var forgetful = await users.FindByNameAsync("forgetful");
            for (var i = 0; i < 5; i++)
            {
                await users.AccessFailedAsync(forgetful!);
            }
        }

        await using var tab = await OpenUsersPageAsync();
        var page = tab.Page;
        var row = page.GetByTestId("users-table").Locator("tbody tr", new() { HasText = "forgetful" });
        await Expect(row).ToContainTextAsync("Locked until");
        await BrowserSteps.ScreenshotAsync(page, "users-locked");

        await row.GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();

        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Unlocked forgetful." })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Unlock" })).ToHaveCountAsync(0);
        await LogInElsewhereAsync("forgetful", TestUsers.Password);
        tab.Errors.ShouldBeEmpty();
    }

    private async Task<BrowserPage> OpenUsersPageAsync()
    {
        var tab = await browser.NewPageAsync(app.BaseUrl);
        await BrowserSteps.LoginAsync(tab.Page, "ada", TestUsers.Password);
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" })
            .GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/admin/users");
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
        return tab;
    }

    private async Task LogInElsewhereAsync(string userName, string password)
    {
        await using var other = await browser.NewPageAsync(app.BaseUrl);
        await BrowserSteps.LoginAsync(other.Page, userName, password);
        await Expect(other.Page.GetByTestId("current-user")).ToHaveTextAsync(userName);
    }
}
