using System.CommandLine;
using Feedback.Core.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Commands;

internal static class CommonOptions
{
    public static readonly Option<string?> ConnectionString = new("--connection-string")
    {
        Description = "PostgreSQL connection string. Without one, the private cluster under the data directory is used.",
        Recursive = true,
    };

    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "Data directory (default: $Feedback__DataDirectory, else ~/.local/share/feedback).",
        Recursive = true,
    };

    /// <summary>A host builder configured from the environment, with the global options applied on top.</summary>
    public static HostApplicationBuilder CreateHostBuilder(ParseResult parse)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(ConnectionString) is { Length: > 0 } connectionString)
        {
            overrides[$"ConnectionStrings:{FeedbackDataHosting.ConnectionStringName}"] = connectionString;
        }

        if (parse.GetValue(DataDirectory) is { Length: > 0 } dataDirectory)
        {
            overrides["Feedback:DataDirectory"] = dataDirectory;
        }

        builder.Configuration.AddInMemoryCollection(overrides);

        // Every SQL statement at information level would bury what the command itself prints.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        return builder;
    }
}
