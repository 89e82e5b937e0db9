using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Agreement;

namespace Feedback.Jobs.Commands;

/// <summary><c>agreement --input FILE.csv</c>: agreement metrics of a CSV of item, rater, label, printed as JSON.</summary>
internal static class AgreementCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new UndefinedAsNull() },
    };

    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "CSV with a header naming item, rater and label; an empty label is a missing rating.", Required = true }.AcceptExistingOnly();
        var minShared = new Option<int>("--min-shared") { Description = "Items two raters must share for their Cohen's kappa.", DefaultValueFactory = _ => RatingTable.DefaultMinSharedItems }.AtLeast(1);
        var command = new Command("agreement", "Print percent agreement, Fleiss' kappa, Krippendorff's alpha, pairwise Cohen's kappas and each rater's agreement with the majority of the others, as JSON.")
        {
            input,
            minShared,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            using var reader = file.OpenText();
            var read = RatingCsv.Read(reader);
            if (read.Errors.Count > 0)
            {
                foreach (var error in read.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                return 1;
            }

            Console.WriteLine(Format(RatingTable.Compute(read.Ratings, parse.GetValue(minShared))));
            return 0;
        });
        return command;
    }

    public static string Format(AgreementReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Writes an undefined metric (NaN) as null, which JSON readers understand, instead of failing.</summary>
    private sealed class UndefinedAsNull : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(Math.Round(value, 6));
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
