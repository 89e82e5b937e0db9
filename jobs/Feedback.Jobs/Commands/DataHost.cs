using System.CommandLine;
using Feedback.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Commands;

/// <summary>A host with only the database and its services, migrated, for commands that read or write data and exit.</summary>
internal static class DataHost
{
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var builder = CommonOptions.CreateHostBuilder(parse);

        // A command that does its work and exits has no use for "Application started. Press Ctrl+C to shut down."
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        await builder.AddFeedbackDataAsync(ct);
        using var host = builder.Build();
        await host.StartAsync(ct);
        using var stop = HostCancellation.Link(host, ct);
        try
        {
            return await HostCancellation.RunAsync(parse.CommandResult.Command.Name, stop, Console.Error, async token =>
            {
                await DatabaseMigrator.MigrateAsync(host.Services, token);
                await using var scope = host.Services.CreateAsyncScope();
                return await action(scope.ServiceProvider, token);
            });
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
