namespace Feedback.Core;

/// <summary>Reads a stream into memory up to a limit, so that an upload or an archive entry cannot fill the memory whatever size it declares.</summary>
internal static class BoundedRead
{
    /// <summary>The stream's bytes, or null as soon as it holds more than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAtMostAsync(Stream source, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
