using System.CommandLine;
using Feedback.Core.Data;
using Microsoft.Extensions.Hosting;

namespace Feedback.Jobs.Commands;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations, then exit.");
        command.SetAction(async (parse, ct) =>
        {
            var builder = CommonOptions.CreateHostBuilder(parse);
            await builder.AddFeedbackDataAsync(ct);
            using var host = builder.Build();
            await host.StartAsync(ct);
            try
            {
                var applied = await DatabaseMigrator.MigrateAsync(host.Services, ct);
                Console.WriteLine(applied.Count == 0
                    ? "The database is up to date."
                    : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                return 0;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }
}
