using System.Text.RegularExpressions;
using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Feedback.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed partial class LoginPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private BrowserApp app = null!;

    public async Task InitializeAsync()
    {
        app = await BrowserApp.StartAsync();
        await TestUsers.CreateAsync(app.Factory, "ann", Roles.Annotator);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_annotator_logs_in_through_the_login_page_and_reaches_the_interactive_home_page()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginPage(), new() { Timeout = 15_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "login-page");

        await BrowserSteps.LoginAsync(page, "ann", TestUsers.Password);

        new Uri(page.Url).AbsolutePath.ShouldBe("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, ann" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("current-user")).ToHaveTextAsync("ann");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("home-raters")).ToHaveCountAsync(0);
        await BrowserSteps.ScreenshotAsync(page, "home-page-annotator");

        // The circuit answers: the menu button closes the navigation drawer.
        var drawer = page.Locator("aside.mud-drawer");
        await Expect(drawer).ToHaveClassAsync(DrawerOpen());
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        await Expect(drawer).ToHaveClassAsync(DrawerClosed());
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        await Expect(drawer).ToHaveClassAsync(DrawerOpen());

        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wrong_password_stays_on_the_login_page_with_an_error()
    {
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;

        await page.GotoAsync("account/login");
        await page.GetByLabel("User name").FillAsync("ann");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(LoginPageWithError());
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("The user name or password is wrong.");
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "login-page-wrong-password");
        tab.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_annotator_changes_their_password_from_the_header_and_logs_in_with_the_new_one()
    {
        const string NewPassword = "Second-Passw0rd";
        await using var tab = await browser.NewPageAsync(app.BaseUrl);
        var page = tab.Page;
        await BrowserSteps.LoginAsync(page, "ann", TestUsers.Password);

        await page.GetByTestId("current-user").ClickAsync();
        await Expect(page).ToHaveURLAsync(PasswordPage());
        await Expect(page.GetByTestId("password-user")).ToHaveTextAsync("Logged in as ann");
        await page.GetByLabel("Current password").FillAsync("Not-The-Passw0rd");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("New password again").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByTestId("password-error")).ToHaveTextAsync("The current password is wrong.");

        await page.GetByLabel("Current password").FillAsync(TestUsers.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("New password again").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(page, "account-password-changed");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to Feedback" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, ann" })).ToBeVisibleAsync();
        await using var other = await browser.NewPageAsync(app.BaseUrl);
        await BrowserSteps.LoginAsync(other.Page, "ann", NewPassword);
        tab.Errors.ShouldBeEmpty();
    }

    [GeneratedRegex(@"/account/password(\?|$)")]
    private static partial Regex PasswordPage();

    [GeneratedRegex(@"/account/login(\?|$)")]
    private static partial Regex LoginPage();

    [GeneratedRegex(@"/account/login\?(.*&)?error=invalid")]
    private static partial Regex LoginPageWithError();

    [GeneratedRegex(@"\bmud-drawer--open\b")]
    private static partial Regex DrawerOpen();

    [GeneratedRegex(@"\bmud-drawer--closed\b")]
    private static partial Regex DrawerClosed();
}
