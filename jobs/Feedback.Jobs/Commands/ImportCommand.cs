using System.CommandLine;
using Feedback.Core.Curation;
using Feedback.Core.Interchange;
using Feedback.Core.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Jobs.Commands;

/// <summary><c>import --project ID --format F --input FILE</c>: adds a file's items to a project, all or nothing.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var project = new Option<long>("--project") { Description = "The project to add to.", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "hh-rlhf (chosen/rejected dialogues, gzipped or not), jsonl (prompts or items, one JSON object a line), prompts-csv (a prompt column) or images-zip (PNGs with captions, curated).",
            Required = true,
        };
        format.AcceptOnlyFromAmong("hh-rlhf", "jsonl", "prompts-csv", "images-zip");
        var minSize = new Option<int>("--min-size") { Description = "images-zip: the smallest width and height kept, in pixels.", DefaultValueFactory = _ => 64 }.AtLeast(1);
        var blocked = new Option<FileInfo>("--blocked-words") { Description = "images-zip: a file of words, one a line, that drop a caption." }.AcceptExistingOnly();
        var input = new Option<FileInfo>("--input") { Required = true }.AcceptExistingOnly();
        var command = new Command("import", "Import prompts, items or pre-labeled comparisons into a project. A file with any bad line is refused whole, with line numbers and reasons.")
        {
            project, format, input, minSize, blocked,
        };
        command.SetAction((parse, ct) => DataHost.RunAsync(parse, async (services, token) =>
        {
            var file = parse.GetValue(input)!;
            await using var stream = file.OpenRead();
            var projectId = parse.GetValue(project);
            if (parse.GetValue(format) == "images-zip")
            {
                var words = parse.GetValue(blocked) is { } list ? (await File.ReadAllLinesAsync(list.FullName, token)).Where(w => w.Trim().Length > 0).ToList() : [];
                var settings = new CurationSettings { MinWidth = parse.GetValue(minSize), MinHeight = parse.GetValue(minSize), BlockedWords = words };
                return await ReportAsync(await services.GetRequiredService<ImageCaptionImport>().ImportAsync(projectId, stream, file.Name, settings, token), projectId);
            }

            var report = parse.GetValue(format) switch
            {
                "hh-rlhf" => await services.GetRequiredService<HhRlhfImport>().ImportAsync(projectId, stream, file.Name, token),
                "prompts-csv" => await services.GetRequiredService<PromptCsvImport>().ImportAsync(projectId, stream, file.Name, token),
                _ => await services.GetRequiredService<ContentImport>().ImportJsonlAsync(projectId, stream, file.Name, token),
            };
            foreach (var error in report.Errors)
            {
                await Console.Error.WriteLineAsync(error.Line > 0 ? $"Line {error.Line}: {error.Reason}" : error.Reason);
            }

            if (!report.Succeeded)
            {
                return 1;
            }

            Console.WriteLine($"Imported {report.ItemsImported} items into project {projectId}.");
            return 0;
        }, ct));
        return command;
    }

    private static async Task<int> ReportAsync(CurationReport report, long projectId)
    {
        foreach (var error in report.Errors)
        {
            await Console.Error.WriteLineAsync(error.Line > 0 ? $"Line {error.Line}: {error.Reason}" : error.Reason);
        }

        foreach (var dropped in report.Dropped)
        {
            Console.WriteLine($"dropped {dropped.File}: {dropped.Reason}");
        }

        if (!report.Succeeded)
        {
            return 1;
        }

        Console.WriteLine($"Imported {report.Imported} captioned images into project {projectId}; dropped {report.Dropped.Count}.");
        return 0;
    }
}
