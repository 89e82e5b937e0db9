using System.Text;
using Feedback.Core.Data;
using Feedback.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Interchange;

/// <summary>
/// Adds prompts for the serving model to answer from a CSV whose header names a <c>prompt</c> column (others are
/// ignored); a prompt may span lines inside quotes. All or nothing, with every problem's line number.
/// </summary>
public sealed class PromptCsvImport(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock)
{
    public const string SourcePrefix = "import:";

    public async Task<ImportReport> ImportAsync(long projectId, Stream content, string sourceName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (target, refusal) = await ContentTarget.FindAsync(db, projectId, ct);
        if (target is null)
        {
            return new ImportReport(0, [new ImportError(0, refusal!)]);
        }

        var (bytes, unreadable) = await ImportFile.ReadAsync(content, ct);
        if (bytes is null)
        {
            return new ImportReport(0, [unreadable!]);
        }

        var (items, errors) = Parse(Encoding.UTF8.GetString(bytes), target.Modality);
        if (errors.Count > 0 || items.Count == 0)
        {
            return new ImportReport(0, errors.Count > 0 ? errors : [new ImportError(0, "The file has no prompts.")]);
        }

        var source = (SourcePrefix + sourceName.Trim())[..Math.Min(SourcePrefix.Length + sourceName.Trim().Length, 200)];
        var now = clock.GetUtcNow();
        db.Prompts.AddRange(items.Select(item => ItemRows.CreatePrompt(projectId, item, source, now)));
        await db.SaveChangesAsync(ct);
        return new ImportReport(items.Count, []);
    }

    internal static (List<NewItem> Items, List<ImportError> Errors) Parse(string text, Domain.Modality modality)
    {
        var items = new List<NewItem>();
        var errors = new List<ImportError>();
        var column = -1;
        var columns = 0;
        foreach (var (line, fields, problem) in CsvRecords.Read(text))
        {
            if (errors.Count >= ContentImport.MaxErrors)
            {
                errors.Add(new ImportError(0, $"Stopped after {ContentImport.MaxErrors} problems; the file may have more."));
                break;
            }

            if (problem is not null)
            {
                errors.Add(new ImportError(line, problem));
                continue;
            }

            if (column < 0)
            {
                column = fields!.FindIndex(f => f.Trim().Equals("prompt", StringComparison.OrdinalIgnoreCase));
                columns = fields.Count;
                if (column < 0)
                {
                    return (items, [new ImportError(line, "The header must name a \"prompt\" column.")]);
                }

                continue;
            }

            if (fields!.Count != columns)
            {
                errors.Add(new ImportError(line, $"{fields.Count} fields where the header has {columns}."));
                continue;
            }

            var item = new NewItem { Prompt = fields[column] };
            var problems = ItemRules.Problems(item, modality, promptOnlyAllowed: true);
            errors.AddRange(problems.Select(p => new ImportError(line, p)));
            if (problems.Count == 0)
            {
                items.Add(item);
            }
        }

        return (items, errors);
    }
}
