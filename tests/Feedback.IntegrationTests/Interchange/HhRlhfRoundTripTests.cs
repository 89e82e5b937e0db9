using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Feedback.Core.Domain;
using Feedback.Core.Interchange;
using Feedback.Core.Training.Snapshots;
using Feedback.IntegrationTests.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parquet.Serialization;

namespace Feedback.IntegrationTests.Interchange;

public sealed class HhRlhfRoundTripTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    private HhRlhfImport Import => fixture.App.Services.GetRequiredService<HhRlhfImport>();

    private SnapshotExport Export => fixture.App.Services.GetRequiredService<SnapshotExport>();

    [HhDataFact]
    public async Task Importing_the_harmless_test_split_gives_2312_comparisons_and_exporting_them_gives_back_every_prompt_chosen_and_rejected_text()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(0 + 1);
        await using (var file = File.OpenRead(SharedData.HhHarmlessTest!))
        {
            var report = await Import.ImportAsync(projectId, file, SharedData.HhHarmlessTestName);
            report.Errors.ShouldBeEmpty();
            report.ItemsImported.ShouldBe(2312);
        }

        await using (var db = fixture.NewContext())
        {
            (await db.Comparisons.CountAsync(c => c.ProjectId == projectId && c.Prompt!.Source.StartsWith(HhRlhfImport.SourcePrefix))).ShouldBe(2312);
        }

        var snapshotId = await SnapshotOfImportedLabelsAsync(projectId);
        var jsonl = new MemoryStream();
        var summary = await Export.WriteJsonlAsync(snapshotId, jsonl);
        var again = new MemoryStream();
        await Export.WriteJsonlAsync(snapshotId, again);

        summary.Pairs.ShouldBe(2312);
        again.ToArray().ShouldBe(jsonl.ToArray(), "the same snapshot exports to the same bytes");
        var exported = Encoding.UTF8.GetString(jsonl.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<DpoRecord>(line)!)
            .Select(r => (Chosen: r.Prompt + r.Chosen, Rejected: r.Prompt + r.Rejected))
            .ToHashSet();
        var originals = ReadOriginals();
        originals.Count.ShouldBe(2312);
        foreach (var original in originals)
        {
            exported.ShouldContain(original);
        }
    }

    [HhDataFact]
    public async Task The_parquet_export_reads_back_as_the_same_records_and_repeats_byte_for_byte()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(1);
        await using (var file = File.OpenRead(SharedData.HhHarmlessTest!))
        {
            (await Import.ImportAsync(projectId, file, "harmless.jsonl.gz")).Succeeded.ShouldBeTrue();
        }

        var snapshotId = await SnapshotOfImportedLabelsAsync(projectId);
        var first = new MemoryStream();
        await Export.WriteParquetAsync(snapshotId, first);
        var second = new MemoryStream();
        await Export.WriteParquetAsync(snapshotId, second);

        second.ToArray().ShouldBe(first.ToArray());
        first.Position = 0;
        var read = (await ParquetSerializer.DeserializeAsync<DpoRecord>(first)).Data;
        var (records, _) = await Export.RecordsAsync(snapshotId);
        read.Count.ShouldBe(2312);
        read.Select(r => (r.Prompt, r.Chosen, r.Rejected)).ShouldBe(records.Select(r => (r.Prompt, r.Chosen, r.Rejected)));
        read[0].Votes.ShouldHaveSingleItem().Preferred.ShouldBe("chosen");
        read.ShouldAllBe(r => r.Agreement == 1.0);
    }

    [Fact]
    public async Task A_file_with_bad_lines_is_refused_whole_with_each_line_number_and_reason()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(1);
        var lines = new[]
        {
            """{"chosen": "\n\nHuman: Hi\n\nAssistant: Hello!", "rejected": "\n\nHuman: Hi\n\nAssistant: Go away."}""",
            """{"chosen": "\n\nHuman: Hi\n\nAssistant: Same", "rejected": "\n\nHuman: Hi\n\nAssistant: Same"}""",
            """not json""",
            """{"chosen": "\n\nHuman: Hi\n\nAssistant: Hello!"}""",
            """{"chosen": "Hi", "rejected": "Hello", "extra": 1}""",
        };
        await using var db = fixture.NewContext();
        var before = await db.Comparisons.CountAsync(c => c.ProjectId == projectId);

        var report = await Import.ImportAsync(projectId, new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines))), "bad.jsonl");

        report.ItemsImported.ShouldBe(0);
        report.Errors.Select(e => e.Line).ShouldBe([2, 3, 4, 5]);
        report.Errors[0].Reason.ShouldContain("the same");
        report.Errors[1].Reason.ShouldContain("not valid JSON");
        report.Errors[2].Reason.ShouldContain("both");
        report.Errors[3].Reason.ShouldContain("Unknown property \"extra\"");
        (await db.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(before);
    }

    [Fact]
    public async Task A_gzip_file_whose_data_is_corrupt_is_refused_with_the_reason()
    {
        var (projectId, _) = await fixture.CreateProjectAsync(1);
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("""{"chosen": "\n\nHuman: Hi\n\nAssistant: Hello!", "rejected": "\n\nHuman: Hi\n\nAssistant: Go away."}"""));
        }

        // A gzip header, then a deflate block of the reserved type, which no decoder accepts.
        var corrupt = packed.ToArray();
        corrupt[10] = 0xFF;
        await using var db = fixture.NewContext();
        var before = await db.Comparisons.CountAsync(c => c.ProjectId == projectId);

        var report = await Import.ImportAsync(projectId, new MemoryStream(corrupt), "broken.jsonl.gz");

        report.ItemsImported.ShouldBe(0);
        report.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Line.ShouldBe(0),
            e => e.Reason.ShouldStartWith("The file is not a valid gzip file"));
        (await db.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(before);
    }

    private async Task<long> SnapshotOfImportedLabelsAsync(long projectId)
    {
        var builder = fixture.App.Services.GetRequiredService<SnapshotBuilder>();
        var (snapshotId, result) = await builder.CreateAsync(new SnapshotRequest(projectId, "imported") { HeldOutFraction = 0 }, userId: null);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        return snapshotId!.Value;
    }

    private static HashSet<(string Chosen, string Rejected)> ReadOriginals()
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(SharedData.HhHarmlessTest!), CompressionMode.Decompress));
        var originals = new HashSet<(string, string)>();
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            originals.Add((json.RootElement.GetProperty("chosen").GetString()!, json.RootElement.GetProperty("rejected").GetString()!));
        }

        return originals;
    }
}
