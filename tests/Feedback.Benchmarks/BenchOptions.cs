using System.Globalization;

namespace Feedback.Benchmarks;

/// <summary>"--name value" options of the bench commands.</summary>
internal static class BenchOptions
{
    public static string? Get(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Get(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static int[] Ints(string[] args, string name, string fallback) =>
        (Get(args, name) ?? fallback).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The repository's root: the first folder above the binaries that holds Feedback.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Feedback.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Run the benchmarks from inside the repository, or pass --checkpoint.");
    }
}
