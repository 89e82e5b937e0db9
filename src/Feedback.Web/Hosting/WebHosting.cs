using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Jobs.Demo;
using Feedback.Jobs.Generation;
using Feedback.Web.Api;
using Feedback.Web.Auth;
using Feedback.Web.Components;
using Feedback.Web.Rendering;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.FileProviders;
using MudBlazor;
using MudBlazor.Services;

namespace Feedback.Web.Hosting;

public static class WebHosting
{
    /// <summary>Blazor Server with MudBlazor, Identity with the three roles, and the app's static files.</summary>
    public static WebApplicationBuilder AddFeedbackWeb(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = true;
        });
        builder.AddFeedbackAuth();
        builder.Services.AddScoped<BrowserTimeZone>();
        builder.Services.AddProblemDetails();

        // Sign-in cookies and antiforgery tokens stay valid across restarts.
        builder.Services.AddDataProtection()
            .SetApplicationName("Feedback")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(FeedbackPaths.DataDirectory(builder.Configuration), "keys")));
        return builder;
    }

    /// <summary>
    /// Applies migrations, makes sure the roles and the first administrator exist, and registers the shipped base models. With <c>Feedback:Demo:Seed</c>
    /// true, also the demo accounts (password <c>Feedback:Demo:Password</c>) and the demo projects.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await DatabaseMigrator.MigrateAsync(app.Services);
        await app.Services.GetRequiredService<AccountSeeder>().SeedAsync();
        await app.Services.GetRequiredService<BaseCheckpoints>().RegisterAsync();
        if (app.Configuration.GetValue("Feedback:Demo:Seed", false))
        {
            var password = app.Configuration["Feedback:Demo:Password"] is { Length: > 0 } configured
                ? configured
                : throw new InvalidOperationException("Feedback:Demo:Seed is on, but Feedback:Demo:Password (the demo accounts' password) is not set.");
            await app.Services.GetRequiredService<DemoSeeder>().SeedAsync(password);
        }
    }

    public static WebApplication UseFeedbackWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        // The top-level wwwroot, read from disk as it is (the build copies it beside the binaries).
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(app.Environment.WebRootPath) });

        // Routing after the static files: they serve only requests that no endpoint has matched yet.
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        // Styles and scripts are public: the login page needs them before anyone has logged in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapPasswordEndpoints();
        app.MapFeedbackApi();
        app.MapSnapshotExports();
        app.MapMedia();
        app.MapSampleGrids();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            // Authorization is the endpoint's Admin policy; Hangfire's own local-only filter would refuse proxied admins.
            Authorization = [],
            DashboardTitle = "Feedback jobs",
            AppPath = "/",
        }).RequireAuthorization(Policies.Admin);
        app.MapGet("/health", () => Results.Text("ok")).AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
