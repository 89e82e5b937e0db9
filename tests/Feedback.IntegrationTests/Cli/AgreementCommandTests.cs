using System.Text.Json;

namespace Feedback.IntegrationTests.Cli;

public sealed class AgreementCommandTests
{
    [Fact]
    public async Task Agreement_prints_the_metrics_of_a_csv_with_missing_ratings_as_json()
    {
        var file = Path.Combine(Path.GetTempPath(), $"agreement-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file,
        [
            "item,rater,label",
            "1,ann,left", "1,bob,left", "1,cat,left",
            "2,ann,right", "2,bob,right", "2,cat,",
            "3,ann,left", "3,bob,right", "3,cat,right",
            "4,ann,tie", "4,bob,tie", "4,cat,tie",
        ]);
        try
        {
            var (exitCode, output, _) = await CliRunner.RunAsync("agreement", "--input", file, "--min-shared", "2");

            exitCode.ShouldBe(0);
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            root.GetProperty("items").GetInt64().ShouldBe(4);
            root.GetProperty("ratings").GetInt64().ShouldBe(11);
            root.GetProperty("krippendorff_alpha").GetDouble().ShouldBeInRange(0, 1);
            root.GetProperty("fleiss_kappa").GetDouble().ShouldBeInRange(0, 1);
            root.GetProperty("pairs").GetArrayLength().ShouldBe(3);
            root.GetProperty("raters").EnumerateArray().Select(r => r.GetProperty("rater_id").GetString()).ShouldBe(["ann", "bob", "cat"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Agreement_refuses_a_malformed_csv_with_line_numbers()
    {
        var file = Path.Combine(Path.GetTempPath(), $"agreement-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, ["item,rater,label", "1,ann,left", "2,bob"]);
        try
        {
            var (exitCode, _, error) = await CliRunner.RunAsync("agreement", "--input", file);

            exitCode.ShouldBe(1);
            error.ShouldContain("Line 3:");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
