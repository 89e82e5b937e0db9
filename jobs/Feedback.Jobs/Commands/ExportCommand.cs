using System.CommandLine;
using Feedback.Core.Data;
using Feedback.Core.Interchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Jobs.Commands;

/// <summary><c>export --snapshot ID --format jsonl|parquet --output FILE</c>: a snapshot as DPO-ready preference pairs.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var snapshot = new Option<long>("--snapshot") { Required = true };
        var format = new Option<string>("--format") { Description = "jsonl or parquet.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "parquet");
        var output = new Option<FileInfo>("--output") { Required = true };
        var command = new Command("export", "Write a snapshot's preference pairs (prompt, chosen, rejected, raw votes, agreement) as JSON Lines or Parquet; the same snapshot always gives the same bytes.")
        {
            snapshot, format, output,
        };
        command.SetAction((parse, ct) => DataHost.RunAsync(parse, async (services, token) =>
        {
            var file = parse.GetValue(output)!;
            var snapshotId = parse.GetValue(snapshot);
            var db = services.GetRequiredService<FeedbackDbContext>();
            if (!await db.Snapshots.AnyAsync(s => s.Id == snapshotId, token))
            {
                await Console.Error.WriteLineAsync($"Snapshot {snapshotId} does not exist.");
                return 1;
            }

            var export = services.GetRequiredService<SnapshotExport>();
            var temporary = file.FullName + ".partial";
            SnapshotExport.Summary summary;
            try
            {
                await using var stream = File.Create(temporary);
                summary = parse.GetValue(format) == "parquet"
                    ? await export.WriteParquetAsync(snapshotId, stream, token)
                    : await export.WriteJsonlAsync(snapshotId, stream, token);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }

            File.Move(temporary, file.FullName, overwrite: true);
            Console.WriteLine($"Wrote {summary.Pairs} pairs to {file.FullName}; {summary.Undecided} pairs with evenly split votes left out.");
            return 0;
        }, ct));
        return command;
    }
}
