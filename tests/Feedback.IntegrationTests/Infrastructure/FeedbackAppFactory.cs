using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Infrastructure;

/// <summary>
/// The real web app on a real PostgreSQL database of its own. Settings are host settings, so Program sees them
/// before it registers anything. Disposing an app made by <see cref="CreateAsync"/> removes its data folder (each app
/// copies the base models there); a test that passes its own folder keeps it.
/// </summary>
public sealed class FeedbackAppFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-Passw0rd";

    /// <summary>An app whose Hangfire server runs jobs (polling every half second), started at once.</summary>
    public static async Task<FeedbackAppFactory> CreateWithJobServerAsync()
    {
        var app = await CreateAsync(s =>
        {
            s["Feedback:Jobs:RunServer"] = "true";
            s["Feedback:Jobs:PollIntervalSeconds"] = "0.5";
        });
        _ = app.Server;
        return app;
    }

    /// <param name="configure">Changes to the app's settings.</param>
    /// <param name="clock">The clock the app's services read instead of the system's.</param>
    public static async Task<FeedbackAppFactory> CreateAsync(Action<Dictionary<string, string?>>? configure = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Feedback"] = await TestPostgres.CreateDatabaseAsync("web"),
            ["Feedback:DataDirectory"] = Path.Combine(Path.GetTempPath(), "feedback-tests-data", Guid.NewGuid().ToString("N")),
            ["Feedback:Admin:Password"] = AdminPassword,
            ["Feedback:Jobs:RunServer"] = "false",
            ["Feedback:Security:LoginAttemptsPerMinute"] = "1000",
        };
        var dataDirectory = settings["Feedback:DataDirectory"];
        configure?.Invoke(settings);
        return new FeedbackAppFactory(settings)
        {
            clock = clock,
            ownedDataDirectory = settings["Feedback:DataDirectory"] == dataDirectory ? dataDirectory : null,
        };
    }

    private string? ownedDataDirectory;

    private TimeProvider? clock;

    public string? ConnectionString => settings.GetValueOrDefault("ConnectionStrings:Feedback");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownedDataDirectory is not null)
        {
            TestFolders.TryDelete(ownedDataDirectory);
        }
    }

    public HttpClient CreateBrowserlikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
