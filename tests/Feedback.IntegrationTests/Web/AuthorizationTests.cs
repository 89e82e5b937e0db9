using System.Net;
using System.Reflection;
using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Web;

public sealed class AuthorizationTests : IAsyncLifetime
{
    private static readonly string[] AnnotatorPages = ["/", "/account/password", "/api/me"];
    private static readonly string[] ResearcherPages = ["/projects", "/api/projects"];
    private static readonly string[] AdminPages = ["/admin/users", "/admin/raters", "/hangfire", "/api/admin/users"];

    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        await TestUsers.CreateAsync(app, "anna", Roles.Annotator);
        await TestUsers.CreateAsync(app, "rhea", Roles.Researcher);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    public static TheoryData<string> AllPages() => new(AnnotatorPages.Concat(ResearcherPages).Concat(AdminPages));

    [Theory]
    [MemberData(nameof(AllPages))]
    public async Task Anonymous_requests_are_sent_to_login_or_refused(string path)
    {
        var client = app.CreateBrowserlikeClient();

        var response = await client.GetAsync(path);

        if (path.StartsWith("/api", StringComparison.Ordinal))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldContain("/account/login");
        }
    }

    [Fact]
    public async Task An_annotator_reaches_annotator_pages_but_gets_access_denied_on_researcher_and_admin_pages()
    {
        var client = await LoginClient.LoggedInAsync(app, "anna", TestUsers.Password);

        foreach (var path in AnnotatorPages)
        {
            (await client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        foreach (var path in ResearcherPages.Concat(AdminPages))
        {
            await ShouldBeDeniedAsync(client, path);
        }
    }

    [Fact]
    public async Task A_researcher_reaches_researcher_pages_but_not_admin_pages()
    {
        var client = await LoginClient.LoggedInAsync(app, "rhea", TestUsers.Password);

        foreach (var path in AnnotatorPages.Concat(ResearcherPages))
        {
            (await client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        foreach (var path in AdminPages)
        {
            await ShouldBeDeniedAsync(client, path);
        }
    }

    [Fact]
    public async Task An_admin_reaches_every_page()
    {
        var client = await LoginClient.LoggedInAsync(app, "admin", FeedbackAppFactory.AdminPassword);

        foreach (var path in AnnotatorPages.Concat(ResearcherPages).Concat(AdminPages))
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        (await client.GetStringAsync("/admin/users")).ShouldContain("admin");
    }

    [Fact]
    public async Task The_access_denied_page_answers_403()
    {
        var client = await LoginClient.LoggedInAsync(app, "anna", TestUsers.Password);

        var response = await client.GetAsync("/account/access-denied");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Access denied");
    }

    [Fact]
    public void Every_routable_page_declares_its_authorization()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any())
            .ToList();

        pages.ShouldNotBeEmpty();
        foreach (var page in pages)
        {
            var declared = page.GetCustomAttributes<AuthorizeAttribute>().Any() || page.GetCustomAttributes<AllowAnonymousAttribute>().Any();
            declared.ShouldBeTrue($"{page.Name} has neither [Authorize] nor [AllowAnonymous]");
        }
    }

    [Fact]
    public void Every_app_endpoint_declares_its_authorization()
    {
        var endpoints = app.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => !IsFrameworkEndpoint(e.RoutePattern.RawText ?? ""))
            .ToList();

        endpoints.ShouldNotBeEmpty();
        foreach (var endpoint in endpoints)
        {
            var declared = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            declared.ShouldBeTrue($"{endpoint.RoutePattern.RawText} has no authorization metadata");
        }
    }

    private static bool IsFrameworkEndpoint(string pattern) =>
        pattern.StartsWith("_framework", StringComparison.Ordinal)
        || pattern.StartsWith("/_framework", StringComparison.Ordinal)
        || pattern.StartsWith("_blazor", StringComparison.Ordinal)
        || pattern.StartsWith("/_blazor", StringComparison.Ordinal)
        || pattern.StartsWith("_content", StringComparison.Ordinal)
        || pattern.StartsWith("/_content", StringComparison.Ordinal)
        || pattern.StartsWith("css/", StringComparison.Ordinal)
        || pattern.StartsWith("/css/", StringComparison.Ordinal)
        || pattern.Contains("favicon", StringComparison.Ordinal)
        || pattern.Contains(":file}", StringComparison.Ordinal);

    private static async Task ShouldBeDeniedAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        if (path.StartsWith("/api", StringComparison.Ordinal))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().ShouldContain("/account/access-denied", customMessage: path);
        }
    }
}
