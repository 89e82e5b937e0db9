using System.Globalization;
using Feedback.Core.Data;
using Feedback.Core.Media;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Projects;

/// <summary>
/// Adds many items to a project from a JSON Lines file (UTF-8, one JSON object per line; blank lines are skipped). Each
/// line is one prompt and the 2 to 4 candidates to compare for it; two candidates make a pair, more make a ranking:
/// <code>
/// {"prompt": "Summarize the article.", "candidates": ["First answer", "Second answer"]}
/// {"prompt": "And in French?", "turns": [{"role": "user", "text": "Hi"}, {"role": "assistant", "text": "Hello!"}], "candidates": [{"text": "Oui."}, {"text": "Non."}]}
/// {"prompt": "A red bicycle by a lake", "candidates": [{"image_base64": "iVBORw0KGgo..."}, {"image_base64": "iVBORw0KGgo..."}]}
/// </code>
/// <list type="bullet">
/// <item><c>prompt</c> (required): the instruction, or for an image project the caption; at most 20,000 characters.</item>
/// <item><c>turns</c> (optional, text projects only): the dialogue before the prompt, oldest first, each with a
/// <c>role</c> of <c>"user"</c> or <c>"assistant"</c> and a <c>text</c>.</item>
/// <item><c>candidates</c> (required): for a text project, strings or <c>{"text": ...}</c> objects (Markdown allowed,
/// at most 20,000 characters each); for an image project, <c>{"image_base64": ...}</c> objects holding a PNG of at most
/// 5 MB and 4096 pixels a side. The candidates of one line must all differ.</item>
/// </list>
/// No other properties are allowed. The import is all or nothing: when any line has a problem, nothing is added and
/// every problem is reported with its line number (up to 100). A file holds at most 50 MB and 20,000 items.
/// </summary>
public sealed class ContentImport(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock, MediaStore media)
{
    public const string SourcePrefix = "import:";
    public const long MaxImportBytes = 50L * 1024 * 1024;
    public const int MaxItems = 20_000;
    public const int MaxErrors = 100;

    private const int MaxSourceLength = 200;
    private const int ItemsPerSave = 500;

    /// <summary>Imports every item of the file, or none; <paramref name="sourceName"/> (the file's name) is kept as the rows' source.</summary>
    public async Task<ImportReport> ImportJsonlAsync(long projectId, Stream content, string sourceName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (target, refusal) = await ContentTarget.FindAsync(db, projectId, ct);
        if (target is null)
        {
            return ImportReport.Refused(refusal!);
        }

        var bytes = await BoundedRead.ReadAtMostAsync(content, MaxImportBytes, ct);
        if (bytes is null)
        {
            return ImportReport.Refused($"The file is larger than {MaxImportBytes / (1024 * 1024)} MB; split it into smaller files.");
        }

        var (items, errors) = Validate(bytes, target);
        if (errors.Count > 0)
        {
            return new ImportReport(0, errors);
        }

        if (items.Count == 0)
        {
            return ImportReport.Refused("The file has no items.");
        }

        // Images go to the media store only once every line is known to be good. Should the insert below still fail,
        // they stay behind unreferenced, which is harmless: stored images never change and are shared by content.
        var images = new List<ItemRows.StoredImage?[]>(items.Count);
        foreach (var item in items)
        {
            images.Add(await ItemRows.StoreImagesAsync(media, item, ct));
        }

        var source = SourcePrefix + sourceName.Trim();
        source = source[..Math.Min(source.Length, MaxSourceLength)];
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            for (var start = 0; start < items.Count; start += ItemsPerSave)
            {
                for (var i = start; i < Math.Min(start + ItemsPerSave, items.Count); i++)
                {
                    if (items[i].Candidates.Count == 0)
                    {
                        db.Prompts.Add(ItemRows.CreatePrompt(projectId, items[i], source, now));
                    }
                    else
                    {
                        db.Comparisons.Add(ItemRows.Create(projectId, target.Modality, items[i], images[i], source, now));
                    }
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(ct);
        });
        return new ImportReport(items.Count, []);
    }

    private static (List<NewItem> Items, List<ImportError> Errors) Validate(byte[] content, ContentTarget target)
    {
        var items = new List<NewItem>();
        var errors = new List<ImportError>();
        var lines = 0;
        foreach (var (number, line) in JsonLines.Split(content))
        {
            if (++lines > MaxItems)
            {
                errors.Add(new ImportError(0, string.Create(CultureInfo.InvariantCulture, $"The file has more than {MaxItems:N0} items; split it into smaller files.")));
                break;
            }

            var (item, problems) = ImportLineParser.Parse(line);
            if (item is not null)
            {
                problems = ItemRules.Problems(item, target.Modality, promptOnlyAllowed: true);
            }

            if (problems.Count == 0)
            {
                items.Add(item!);
                continue;
            }

            foreach (var problem in problems)
            {
                if (errors.Count == MaxErrors)
                {
                    errors.Add(new ImportError(0, $"Stopped after {MaxErrors} problems; the file may have more."));
                    return (items, errors);
                }

                errors.Add(new ImportError(number, problem));
            }
        }

        return (items, errors);
    }
}
