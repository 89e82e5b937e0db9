using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.Core.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Curation;

/// <summary>
/// Imports a zip of captioned images into an image project as prompts (the captions) each with its image as a
/// candidate, for training. A caption comes from <c>captions.jsonl</c> (lines of <c>{"file": "a.png", "caption": "..."}</c>)
/// or from a text file beside the image with the same name (<c>a.txt</c>). Images pass the curation filters first:
/// a minimum size, no near-duplicate of an image kept before it (by perceptual hash), a caption that says something
/// and holds no blocked word. The report lists every image dropped and why. A malformed zip or captions file adds
/// nothing and reports its problems by line, and so does a zip whose images and captions unpack to more than
/// <see cref="ImageImportOptions.MaxUnpackedBytes"/>; other files in the zip are passed over unread.
/// </summary>
public sealed class ImageCaptionImport(
    IDbContextFactory<FeedbackDbContext> dbFactory, MediaStore media, TimeProvider clock, IOptions<ImageImportOptions> options)
{
    public const string CaptionsFile = "captions.jsonl";
    public const int MaxImages = 20_000;

    private const long MaxEntryBytes = MediaStore.MaxImageBytes * 2L;

    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    public async Task<CurationReport> ImportAsync(long projectId, Stream zip, string sourceName, CurationSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (target, refusal) = await ContentTarget.FindAsync(db, projectId, ct);
        if (target is null || target.Modality != Modality.Image)
        {
            return CurationReport.Refused(new ImportError(0, refusal ?? "Captioned images go into an image project; this is a text project."));
        }

        var read = await ReadAsync(zip, ct);
        if (read.Errors.Count > 0)
        {
            return CurationReport.Refused([.. read.Errors]);
        }

        var dropped = new List<DroppedImage>();
        var kept = new List<(string File, byte[] Png, string Caption, ulong Hash)>();
        foreach (var (file, bytes) in read.Images.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var reason = Judge(file, bytes, read.Captions.GetValueOrDefault(file), settings, kept.Select(k => (k.File, k.Hash)), out var hash);
            if (reason is null)
            {
                kept.Add((file, bytes, read.Captions[file].Trim(), hash));
            }
            else
            {
                dropped.Add(new DroppedImage(file, reason));
            }
        }

        var source = ("import:" + sourceName.Trim())[..Math.Min(200, 7 + sourceName.Trim().Length)];
        var now = clock.GetUtcNow();
        foreach (var (_, png, caption, _) in kept)
        {
            var (path, sha256) = await media.SaveImageAsync(png, ct);
            var prompt = new Prompt { ProjectId = projectId, Text = caption, Source = source, CreatedAt = now };
            db.Prompts.Add(prompt);
            db.Candidates.Add(new Candidate { Prompt = prompt, Modality = Modality.Image, ImagePath = path, ImageSha256 = sha256, Source = source, CreatedAt = now });
        }

        await db.SaveChangesAsync(ct);
        return new CurationReport(kept.Count, dropped, []);
    }

    private static string? Judge(
        string file, byte[] bytes, string? caption, CurationSettings settings, IEnumerable<(string File, ulong Hash)> kept, out ulong hash)
    {
        hash = 0;
        if (!file.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || PngImage.Problem(bytes) is not null)
        {
            return PngImage.Problem(bytes) is { } problem && file.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
                ? $"the image {problem}"
                : "only PNG images are kept";
        }

        if (PerceptualHash.Compute(bytes) is not { } measured)
        {
            return "the image cannot be decoded";
        }

        hash = measured.Hash;
        if (measured.Width < settings.MinWidth || measured.Height < settings.MinHeight)
        {
            return $"the image is {measured.Width}x{measured.Height}, under the minimum {settings.MinWidth}x{settings.MinHeight}";
        }

        if (CaptionRules.Problem(caption, file, settings) is { } captionProblem)
        {
            return caption is null ? "the image has no caption" : captionProblem;
        }

        var measuredHash = hash;
        foreach (var (earlier, earlierHash) in kept)
        {
            if (PerceptualHash.Distance(earlierHash, measuredHash) <= settings.MaxDuplicateDistance)
            {
                return $"a near-duplicate of {earlier}";
            }
        }

        return null;
    }

    private sealed record ZipContent(Dictionary<string, byte[]> Images, Dictionary<string, string> Captions, List<ImportError> Errors);

    private async Task<ZipContent> ReadAsync(Stream zip, CancellationToken ct)
    {
        var content = new ZipContent(new(StringComparer.Ordinal), new(StringComparer.Ordinal), []);
        var maxUnpacked = options.Value.MaxUnpackedBytes;
        try
        {
            await using var archive = await ZipArchive.CreateAsync(zip, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
            var sidecars = new Dictionary<string, string>(StringComparer.Ordinal);
            var unpacked = 0L;
            foreach (var entry in archive.Entries.Where(e => e.Length > 0 && !e.FullName.EndsWith('/')))
            {
                var name = entry.FullName;
                var extension = Path.GetExtension(name).ToLowerInvariant();
                var isCaptions = name.Equals(CaptionsFile, StringComparison.OrdinalIgnoreCase);
                if (!isCaptions && extension != ".txt" && !ImageExtensions.Contains(extension))
                {
                    continue;
                }

                if (content.Images.Count >= MaxImages)
                {
                    content.Errors.Add(new ImportError(0, $"The zip holds more than {MaxImages} images; split it."));
                    break;
                }

                if (entry.Length > MaxEntryBytes)
                {
                    content.Errors.Add(new ImportError(0, $"{name} is larger than {MaxEntryBytes / 1048576} MB."));
                    continue;
                }

                // The sizes a zip declares may lie, so the reading itself stops at the limit.
                var left = maxUnpacked - unpacked;
                var bytes = await ReadAtMostAsync(entry, Math.Min(MaxEntryBytes, left), ct);
                if (bytes is null && left > MaxEntryBytes)
                {
                    content.Errors.Add(new ImportError(0, $"{name} is larger than {MaxEntryBytes / 1048576} MB."));
                    continue;
                }

                if (bytes is null)
                {
                    content.Errors.Add(new ImportError(0, $"The zip's images and captions unpack to more than {Size(maxUnpacked)}; split it into smaller files."));
                    break;
                }

                unpacked += bytes.Length;
                if (isCaptions)
                {
                    ReadCaptions(bytes, content);
                }
                else if (extension == ".txt")
                {
                    sidecars[Path.ChangeExtension(name, null)] = Encoding.UTF8.GetString(bytes);
                }
                else
                {
                    content.Images[name] = bytes;
                }
            }

            foreach (var image in content.Images.Keys)
            {
                if (!content.Captions.ContainsKey(image) && sidecars.TryGetValue(Path.ChangeExtension(image, null), out var caption))
                {
                    content.Captions[image] = caption;
                }
            }
        }
        catch (InvalidDataException e)
        {
            content.Errors.Add(new ImportError(0, "The file is not a readable zip: " + e.Message));
        }

        return content;
    }

    private static void ReadCaptions(byte[] bytes, ZipContent content)
    {
        foreach (var (number, line) in JsonLines.Split(bytes))
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.ValueKind != JsonValueKind.Object
                    || !json.RootElement.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.String
                    || !json.RootElement.TryGetProperty("caption", out var caption) || caption.ValueKind != JsonValueKind.String)
                {
                    content.Errors.Add(new ImportError(number, $"{CaptionsFile}: a line is {{\"file\": \"...\", \"caption\": \"...\"}}."));
                    continue;
                }

                if (!content.Captions.TryAdd(file.GetString()!, caption.GetString()!))
                {
                    content.Errors.Add(new ImportError(number, $"{CaptionsFile}: \"{file.GetString()}\" has a caption already."));
                }
            }
            catch (JsonException)
            {
                content.Errors.Add(new ImportError(number, $"{CaptionsFile}: the line is not valid JSON."));
            }
        }
    }

    /// <summary>The entry's bytes, or null when it unpacks to more than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(ZipArchiveEntry entry, long limit, CancellationToken ct)
    {
        await using var stream = await entry.OpenAsync(ct);
        return await BoundedRead.ReadAtMostAsync(stream, limit, ct);
    }

    private static string Size(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GB"
        : bytes >= 1L << 20 ? $"{bytes >> 20} MB"
        : $"{Math.Max(1, bytes >> 10)} KB";
}
