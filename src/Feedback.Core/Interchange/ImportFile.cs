using System.IO.Compression;

namespace Feedback.Core.Interchange;

/// <summary>An uploaded file's bytes, gunzipped when it is gzip, refused beyond a size limit.</summary>
internal static class ImportFile
{
    public const long MaxBytes = 100L * 1024 * 1024;

    /// <summary>The content, or null when it is larger than <see cref="MaxBytes"/>, packed or unpacked.</summary>
    public static async Task<byte[]?> ReadAsync(Stream content, CancellationToken ct)
    {
        var raw = await ReadAtMostAsync(content, ct);
        if (raw is null || raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
        {
            return raw;
        }

        await using var unpacked = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        return await ReadAtMostAsync(unpacked, ct);
    }

    private static async Task<byte[]?> ReadAtMostAsync(Stream source, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
