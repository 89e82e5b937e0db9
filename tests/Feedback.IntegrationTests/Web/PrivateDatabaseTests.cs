using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Web;

/// <summary>The app with no connection string: it runs its own PostgreSQL cluster under the data directory.</summary>
public sealed class PrivateDatabaseTests : IDisposable
{
    private readonly string dataDirectory = TestPostgres.NewDataDirectory();

    public void Dispose() => TestFolders.TryDelete(dataDirectory);

    [Fact]
    public async Task Restarting_the_app_keeps_its_data_and_stopping_it_leaves_no_postgres_process()
    {
        await using (var first = CreateApp())
        {
            await using var db = first.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
            db.Projects.Add(new Project { Name = "Survives restarts", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            PostgresProcessesFor(dataDirectory).ShouldNotBeEmpty();
        }

        PostgresProcessesFor(dataDirectory).ShouldBeEmpty();

        await using (var second = CreateApp())
        {
            await using var db = second.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();
            (await db.Projects.Select(p => p.Name).ToListAsync()).ShouldBe(["Survives restarts"]);
            await LoginClient.LoggedInAsync(second, "admin", FeedbackAppFactory.AdminPassword);
        }

        PostgresProcessesFor(dataDirectory).ShouldBeEmpty();
    }

    private FeedbackAppFactory CreateApp() => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Feedback"] = "",
        ["Feedback:DataDirectory"] = dataDirectory,
        ["Feedback:Admin:Password"] = FeedbackAppFactory.AdminPassword,
        ["Feedback:Jobs:RunServer"] = "false",
    });

    /// <summary>Live (not zombie) processes whose command line names the folder.</summary>
    private static List<int> PostgresProcessesFor(string folder)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var status = File.ReadAllText(Path.Combine(dir, "status"));
                if (commandLine.Contains("postgres", StringComparison.Ordinal) && commandLine.Contains(folder, StringComparison.Ordinal)
                    && !status.Contains("State:\tZ", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
