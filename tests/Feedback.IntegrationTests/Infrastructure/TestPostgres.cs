using System.Globalization;
using System.Text;
using Feedback.Core.Database;

namespace Feedback.IntegrationTests.Infrastructure;

/// <summary>
/// One private PostgreSQL cluster for the whole test run, started on first use in a folder under /tmp and stopped
/// (and its folder removed) when the test process exits. Each test asks for its own empty database.
/// </summary>
public static class TestPostgres
{
    private const string FolderPrefix = "feedback-tests-pg-";

    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<EmbeddedPostgres> ServerAsync() => Server.Value;

    /// <summary>Creates a new, empty, uniquely named database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var server = await ServerAsync();
        var name = $"{Sanitize(prefix)}_{Guid.NewGuid():N}";
        await server.CreateDatabaseIfMissingAsync(name);
        return server.ConnectionStringFor(name);
    }

    /// <summary>A new empty folder under /tmp, named so that a later run removes it if this process dies before it does.</summary>
    internal static string NewDataDirectory()
    {
        var path = Path.Combine(
            "/tmp", FormattableString.Invariant($"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        await RemoveLeftoversAsync();
        var dataDirectory = NewDataDirectory();
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(dataDirectory)
        {
            Durable = false,
            Settings = new Dictionary<string, string> { ["max_connections"] = "300" },
        });

        // Registered after the server's own handler, so this runs once the server has stopped.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.Dispose();
            TestFolders.TryDelete(dataDirectory);
        };
        return server;
    }

    /// <summary>Stops the clusters and removes the folders of earlier test runs that were killed before cleaning up.</summary>
    private static async Task RemoveLeftoversAsync()
    {
        foreach (var folder in Directory.EnumerateDirectories("/tmp", FolderPrefix + "*"))
        {
            var owner = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                await EmbeddedPostgres.StopLeftoverServerAsync(new EmbeddedPostgresOptions(folder));
            }
            catch (EmbeddedPostgresException)
            {
                continue;
            }

            TestFolders.TryDelete(folder);
        }
    }

    private static string Sanitize(string prefix)
    {
        var name = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return name.Length == 0 ? "test" : name.ToString()[..Math.Min(name.Length, 24)];
    }
}
