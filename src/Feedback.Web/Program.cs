using Feedback.Core.Data;
using Feedback.Jobs.Hosting;
using Feedback.Web.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The repository's top-level wwwroot is copied beside the app's binaries (see the csproj).
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

var connectionString = await builder.AddFeedbackDataAsync();
builder.AddFeedbackJobs(connectionString);
builder.AddFeedbackWeb();

var app = builder.Build();

await app.PrepareDatabaseAsync();
app.UseFeedbackWeb();

await app.RunAsync();

/// <summary>The web host's entry point (named for WebApplicationFactory in the integration tests).</summary>
public partial class Program;
