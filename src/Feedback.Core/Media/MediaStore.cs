using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Feedback.Core.Media;

/// <summary>
/// Image files named by the sha256 of their bytes, in one flat folder: saving the same image twice stores it once, and
/// a stored file never changes. Only names of that exact form are read back, so no path can reach outside the folder.
/// </summary>
public sealed partial class MediaStore(string rootDirectory)
{
    public const int MaxImageBytes = PngImage.MaxBytes;

    public string RootDirectory { get; } = Path.GetFullPath(rootDirectory);

    /// <summary>Stores a PNG and returns its file name (relative to the media folder) and sha256.</summary>
    /// <exception cref="InvalidImageException">The bytes are not a PNG, or it is too large.</exception>
    public async Task<(string RelativePath, string Sha256)> SaveImageAsync(byte[] bytes, CancellationToken ct = default)
    {
        if (PngImage.Problem(bytes) is { } problem)
        {
            throw new InvalidImageException($"The image {problem}.");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var relativePath = sha256 + ".png";
        var path = Path.Combine(RootDirectory, relativePath);
        if (File.Exists(path))
        {
            return (relativePath, sha256);
        }

        Directory.CreateDirectory(RootDirectory);

        // Written under a temporary name and moved into place, so a reader never sees half a file.
        var temporary = Path.Combine(RootDirectory, $".{sha256}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await file.WriteAsync(bytes, ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Someone stored the same bytes first; theirs is identical.
        }
        finally
        {
            File.Delete(temporary);
        }

        return (relativePath, sha256);
    }

    /// <summary>Opens a stored image for reading; null when the name is not a stored image's name, or no such image exists.</summary>
    public Stream? TryOpenRead(string relativePath)
    {
        if (!StoredName().IsMatch(relativePath))
        {
            return null;
        }

        try
        {
            return new FileStream(Path.Combine(RootDirectory, relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\A[0-9a-f]{64}\.png\z", RegexOptions.CultureInvariant)]
    private static partial Regex StoredName();
}
