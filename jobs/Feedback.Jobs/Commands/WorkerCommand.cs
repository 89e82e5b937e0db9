using System.CommandLine;
using Feedback.Core.Data;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Jobs.Commands;

internal static class WorkerCommand
{
    public static Command Create()
    {
        var queues = new Option<string?>("--queues")
        {
            Description = $"Comma-separated queues to serve (default: all of {string.Join(", ", JobQueues.All)}).",
        };
        var workers = new Option<int?>("--workers") { Description = "Concurrent jobs (default: the number of cores, at least 2)." }.AtLeast(1);

        var command = new Command("worker", "Run a Hangfire worker against the shared database until stopped (Ctrl+C).") { queues, workers };
        command.SetAction(async (parse, ct) =>
        {
            var builder = CommonOptions.CreateHostBuilder(parse);
            builder.Configuration["Feedback:Jobs:RunServer"] = "true";
            if (parse.GetValue(queues) is { Length: > 0 } queueList)
            {
                builder.Configuration["Feedback:Jobs:Queues"] = string.Join(',', ParseQueues(queueList));
            }

            if (parse.GetValue(workers) is { } count)
            {
                builder.Configuration["Feedback:Jobs:Workers"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var connectionString = await builder.AddFeedbackDataAsync(ct);
            builder.AddFeedbackJobs(connectionString);
            using var host = builder.Build();
            await DatabaseMigrator.MigrateAsync(host.Services, ct);
            await host.Services.GetRequiredService<BaseCheckpoints>().RegisterAsync(ct);
            await host.RunAsync(ct);
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<string> ParseQueues(string list)
    {
        try
        {
            return JobQueues.Parse(list);
        }
        catch (ArgumentException e)
        {
            throw new CommandInputException(e.Message);
        }
    }
}
