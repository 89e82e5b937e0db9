using System.CommandLine;
using Feedback.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Jobs.Commands;

/// <summary>A host with only the database and its services, migrated, for commands that read or write data and exit.</summary>
internal static class DataHost
{
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var builder = CommonOptions.CreateHostBuilder(parse);
        await builder.AddFeedbackDataAsync(ct);
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            await DatabaseMigrator.MigrateAsync(host.Services, ct);
            await using var scope = host.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider, ct);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
