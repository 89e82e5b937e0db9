using System.Globalization;

namespace Feedback.Core.Database;

/// <summary>The folder that holds one PostgreSQL version's server programs: initdb, pg_ctl and postgres.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const string DebianRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string Postgres => Path.Combine(BinDirectory, "postgres");

    /// <summary>
    /// Looks on PATH, then in <c>pg_config --bindir</c>, then in the newest <c>/usr/lib/postgresql/*/bin</c>
    /// (Debian and Ubuntu keep initdb and pg_ctl off PATH).
    /// </summary>
    /// <exception cref="PostgresNotInstalledException">None of those places holds the server programs.</exception>
    public static PostgresBinaries Locate()
    {
        return TryLocate(DefaultSearchDirectories())
            ?? throw new PostgresNotInstalledException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found on this machine " +
                "(looked on PATH, in pg_config --bindir and in /usr/lib/postgresql/*/bin). " +
                PostgresNotInstalledException.InstallHint);
    }

    /// <summary>Looks in the given folders only, in order.</summary>
    /// <exception cref="PostgresNotInstalledException">None of the folders holds the server programs.</exception>
    public static PostgresBinaries Locate(IEnumerable<string> searchDirectories)
    {
        ArgumentNullException.ThrowIfNull(searchDirectories);
        var directories = searchDirectories.ToList();
        var searched = directories.Count == 0 ? "no folders given" : "looked in " + string.Join(", ", directories);
        return TryLocate(directories)
            ?? throw new PostgresNotInstalledException(
                $"PostgreSQL server binaries (initdb, pg_ctl) were not found on this machine ({searched}). " +
                PostgresNotInstalledException.InstallHint);
    }

    /// <summary>The default search order; <c>pg_config</c> runs only if PATH had no match.</summary>
    public static IEnumerable<string> DefaultSearchDirectories()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return directory;
        }

        if (PgConfigBinDirectory() is { } fromPgConfig)
        {
            yield return fromPgConfig;
        }

        foreach (var directory in DebianVersionDirectories())
        {
            yield return directory;
        }
    }

    private static PostgresBinaries? TryLocate(IEnumerable<string> directories)
    {
        foreach (var directory in directories)
        {
            if (TryIn(directory) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static PostgresBinaries? TryIn(string directory)
    {
        var initDb = Path.Combine(directory, "initdb");
        if (!IsExecutable(initDb))
        {
            return null;
        }

        // A PATH folder may hold only links (as /usr/local/bin does for Debian's versioned folder);
        // the three programs must come from one version, so use the folder the link points into.
        var target = File.ResolveLinkTarget(initDb, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(initDb);
        var candidate = new PostgresBinaries(Path.GetDirectoryName(target)!);
        return IsExecutable(candidate.InitDb) && IsExecutable(candidate.PgCtl) && IsExecutable(candidate.Postgres)
            ? candidate
            : null;
    }

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }

    private static string? PgConfigBinDirectory()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var pgConfig = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "pg_config"))
            .FirstOrDefault(IsExecutable);
        if (pgConfig is null)
        {
            return null;
        }

        try
        {
            var result = ProcessRunner.Run(pgConfig, ["--bindir"], TimeSpan.FromSeconds(10));
            var directory = result.StandardOutput.Trim();
            return result.Succeeded && directory.Length > 0 ? directory : null;
        }
        catch (Exception ex) when (ex is EmbeddedPostgresException or TimeoutException)
        {
            return null;
        }
    }

    private static IEnumerable<string> DebianVersionDirectories()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(directory => (Directory: directory, Version: ParseVersion(Path.GetFileName(directory))))
            .Where(entry => entry.Version is not null)
            .OrderByDescending(entry => entry.Version)
            .Select(entry => Path.Combine(entry.Directory, "bin"));
    }

    private static Version? ParseVersion(string name)
    {
        // Folders are named "15" or, for old releases, "9.6".
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            return new Version(major, 0);
        }

        return Version.TryParse(name, out var version) ? version : null;
    }
}
