using System.Security.Cryptography;
using System.Text;

namespace Feedback.Training.Checkpoints;

/// <summary>
/// checkpoint.sha256: the SHA-256 of every file in a checkpoint folder, one "hash  relative/path" line per file in
/// ordinal path order, the format `sha256sum -c` checks, so that damage is caught before a model is built from it.
/// </summary>
public static class CheckpointManifest
{
    public const string FileName = "checkpoint.sha256";

    /// <summary>Hashes every file under <paramref name="folder"/> except the manifest itself and writes the manifest.</summary>
    public static IReadOnlyDictionary<string, string> Write(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var hashes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(relative => relative != FileName && !relative.EndsWith(".partial", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToDictionary(relative => relative, relative => HashOf(Path.Combine(folder, relative)), StringComparer.Ordinal);

        var text = new StringBuilder();
        foreach (var (relative, hash) in hashes)
        {
            text.Append(hash).Append("  ").Append(relative).Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, FileName), text.ToString());
        return hashes;
    }

    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>
    /// Checks every listed file, and that each of <paramref name="required"/> is listed; the first missing, altered or
    /// unlisted one is reported by name.
    /// </summary>
    public static void Verify(string folder, IEnumerable<string>? required = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var entries = Read(folder);
        var unlisted = (required ?? []).FirstOrDefault(name => !entries.Any(entry => entry.RelativePath == name));
        if (unlisted is not null)
        {
            throw new CheckpointCorruptException(unlisted, $"Checkpoint file {unlisted} in {folder} is not covered by {FileName}.");
        }

        foreach (var (relative, expected) in entries)
        {
            var path = Path.Combine(folder, relative);
            if (!File.Exists(path))
            {
                throw new CheckpointCorruptException(relative, $"Checkpoint {folder} is missing {relative}, which {FileName} lists.");
            }

            var actual = HashOf(path);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new CheckpointCorruptException(
                    relative, $"Checkpoint file {relative} in {folder} is corrupt: its SHA-256 is {actual}, {FileName} records {expected}.");
            }
        }
    }

    public static IReadOnlyList<(string RelativePath, string Sha256)> Read(string folder)
    {
        var manifest = Path.Combine(folder, FileName);
        var entries = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadAllLines(manifest))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            // sha256sum writes "hash  name" in text mode and "hash *name" in binary mode.
            var valid = line.Length > 66 && line[64] == ' ' && (line[65] is ' ' or '*') && IsHex(line.AsSpan(0, 64));
            var relative = valid ? line[66..] : "";
            if (!valid || !IsInside(folder, relative))
            {
                throw new CheckpointCorruptException(FileName, $"{manifest} line {lineNumber} is not 'sha256  file-in-the-folder': {line}");
            }

            entries.Add((relative, line[..64]));
        }

        return entries;
    }

    public static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var character in text)
        {
            if (!char.IsAsciiHexDigit(character))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInside(string folder, string relative)
    {
        if (Path.IsPathRooted(relative))
        {
            return false;
        }

        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(Path.Combine(folder, relative)).StartsWith(root, StringComparison.Ordinal);
    }
}
