using System.Text;
using System.Text.Json;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Interchange;
using Feedback.Core.Rating;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Feedback.IntegrationTests.Cli;

public sealed class ImportExportCommandTests
{
    [Fact]
    public async Task Import_then_export_round_trips_an_hh_file_and_a_bad_file_is_refused_with_line_numbers()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("cli_interchange");
        (await CliRunner.RunAsync("migrate", "--connection-string", connectionString)).ExitCode.ShouldBe(0);
        var factory = new PooledDbContextFactory<FeedbackDbContext>(new DbContextOptionsBuilder<FeedbackDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsAssembly("Feedback.Migrations")).Options);
        long projectId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var project = new Project { Name = "HH", Modality = Modality.Text, CreatedAt = DateTimeOffset.UtcNow };
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            projectId = project.Id;
        }

        var folder = Directory.CreateTempSubdirectory("feedback-interchange-").FullName;
        try
        {
            var lines = new[]
            {
                Line("\n\nHuman: Hi\n\nAssistant: Hello!", "\n\nHuman: Hi\n\nAssistant: Go away."),
                Line("\n\nHuman: 2+2?\n\nAssistant: 4\n\nHuman: Sure?\n\nAssistant: Yes.", "\n\nHuman: 2+2?\n\nAssistant: 4\n\nHuman: Sure?\n\nAssistant: No, 5."),
            };
            var good = Path.Combine(folder, "pairs.jsonl");
            await File.WriteAllLinesAsync(good, lines);
            var bad = Path.Combine(folder, "bad.jsonl");
            await File.WriteAllLinesAsync(bad, [lines[0], "{\"chosen\": 1}"]);

            var refused = await CliRunner.RunAsync("import", "--connection-string", connectionString, "--project", $"{projectId}", "--format", "hh-rlhf", "--input", bad);
            var imported = await CliRunner.RunAsync("import", "--connection-string", connectionString, "--project", $"{projectId}", "--format", "hh-rlhf", "--input", good);

            refused.ExitCode.ShouldBe(1);
            refused.Error.ShouldContain("Line 2:");
            imported.ExitCode.ShouldBe(0, imported.Error);
            imported.Output.ShouldContain("Imported 2 items");

            var builder = new SnapshotBuilder(factory, new GoldScores(factory), TimeProvider.System);
            var (snapshotId, _) = await builder.CreateAsync(new SnapshotRequest(projectId, "all") { HeldOutFraction = 0 }, null);
            var jsonl = Path.Combine(folder, "pairs-out.jsonl");
            var parquet = Path.Combine(folder, "pairs-out.parquet");
            var exported = await CliRunner.RunAsync("export", "--connection-string", connectionString, "--snapshot", $"{snapshotId}", "--output", jsonl);
            var exportedParquet = await CliRunner.RunAsync("export", "--connection-string", connectionString, "--snapshot", $"{snapshotId}", "--format", "parquet", "--output", parquet);

            exported.ExitCode.ShouldBe(0, exported.Error);
            exportedParquet.ExitCode.ShouldBe(0, exportedParquet.Error);
            new FileInfo(parquet).Length.ShouldBeGreaterThan(0);
            var records = (await File.ReadAllLinesAsync(jsonl)).Select(l => JsonSerializer.Deserialize<DpoRecord>(l)!).ToList();
            records.Select(r => r.Prompt + r.Chosen).ShouldBe(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("chosen").GetString()), ignoreOrder: true);
            records.Select(r => r.Prompt + r.Rejected).ShouldBe(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("rejected").GetString()), ignoreOrder: true);

            var missing = Path.Combine(folder, "missing.jsonl");
            var unknown = await CliRunner.RunAsync("export", "--connection-string", connectionString, "--snapshot", $"{snapshotId + 1000}", "--output", missing);
            unknown.ExitCode.ShouldBe(1);
            unknown.Error.ShouldContain($"Snapshot {snapshotId + 1000} does not exist.");
            Directory.GetFiles(folder, "missing*").ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Line(string chosen, string rejected) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["chosen"] = chosen, ["rejected"] = rejected });
}
