using System.IO.Compression;
using Feedback.Core.Projects;

namespace Feedback.Core.Interchange;

/// <summary>An uploaded file's bytes, gunzipped when it is gzip, refused beyond a size limit or when its gzip is broken.</summary>
internal static class ImportFile
{
    public const long MaxBytes = 100L * 1024 * 1024;

    /// <summary>The content; or, with no content, why the file is refused: larger than <see cref="MaxBytes"/>, packed or unpacked, or not valid gzip.</summary>
    public static async Task<(byte[]? Content, ImportError? Refusal)> ReadAsync(Stream content, CancellationToken ct)
    {
        var raw = await BoundedRead.ReadAtMostAsync(content, MaxBytes, ct);
        if (raw is null)
        {
            return (null, TooLarge);
        }

        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
        {
            return (raw, null);
        }

        try
        {
            await using var unpacked = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            var bytes = await BoundedRead.ReadAtMostAsync(unpacked, MaxBytes, ct);
            return bytes is null ? (null, TooLarge) : (bytes, null);
        }
        catch (InvalidDataException e)
        {
            return (null, new ImportError(0, "The file is not a valid gzip file: " + e.Message));
        }
    }

    private static ImportError TooLarge => new(0, $"The file is larger than {MaxBytes / (1024 * 1024)} MB; split it into smaller files.");
}
