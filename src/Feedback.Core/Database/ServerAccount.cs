namespace Feedback.Core.Database;

/// <summary>
/// The account that runs initdb, pg_ctl and the server. PostgreSQL refuses to run as root, so a root
/// process hands the cluster to the <c>postgres</c> system user (created by Debian's postgresql package)
/// and runs the programs through <c>runuser</c>; any other process runs them as itself.
/// </summary>
internal sealed class ServerAccount
{
    public const string SystemUserName = "postgres";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);
    private readonly string? _runuser;

    private ServerAccount(string? systemUser, string? runuser)
    {
        SystemUser = systemUser;
        _runuser = runuser;
    }

    /// <summary>The system user the server runs as, or null when it runs as this process's user.</summary>
    public string? SystemUser { get; }

    public static async Task<ServerAccount> ForCurrentProcessAsync(CancellationToken cancellationToken)
    {
        if (!IsRoot())
        {
            return new ServerAccount(null, null);
        }

        var runuser = FindProgram("runuser", "/usr/sbin", "/sbin", "/usr/bin", "/bin")
            ?? throw new EmbeddedPostgresException(
                "This process runs as root, and PostgreSQL refuses to run as root, but 'runuser' (util-linux) was not found " +
                "to run it as the 'postgres' user. Run as a regular user, or install util-linux.");

        var id = await ProcessRunner.RunAsync("id", ["-u", SystemUserName], ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!id.Succeeded)
        {
            throw new EmbeddedPostgresException(
                "This process runs as root, and PostgreSQL refuses to run as root, but there is no 'postgres' system user " +
                "to run it as. Run as a regular user, or install the postgresql package, which creates that user " +
                "(sudo apt-get install postgresql).");
        }

        return new ServerAccount(SystemUserName, runuser);
    }

    public Task<ProcessResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        return SystemUser is null
            ? ProcessRunner.RunAsync(program, arguments, timeout, workingDirectory, cancellationToken)
            : ProcessRunner.RunAsync(_runuser!, ["-u", SystemUser, "--", program, .. arguments], timeout, workingDirectory, cancellationToken);
    }

    /// <summary>Gives a path to the server's account; nothing to do when that is this process's own.</summary>
    public async Task TakeOwnershipAsync(string path, bool recursive, CancellationToken cancellationToken)
    {
        if (SystemUser is null)
        {
            return;
        }

        // A trailing colon gives the user's login group as well.
        string[] arguments = recursive ? ["-R", SystemUser + ":", path] : [SystemUser + ":", path];
        var result = await ProcessRunner.RunAsync("chown", arguments, ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"Could not give {path} to the '{SystemUser}' user: {result.Output}");
        }
    }

    /// <summary>Checks that the server's account can reach and write a folder (every parent must be traversable).</summary>
    public async Task EnsureCanWriteAsync(string directory, CancellationToken cancellationToken)
    {
        if (SystemUser is null)
        {
            return;
        }

        var result = await RunAsync("test", ["-w", directory], "/", ToolTimeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"The PostgreSQL folder {directory} cannot be reached by the '{SystemUser}' user, which runs the server because " +
                "this process runs as root. Make each parent folder traversable by others (chmod o+x), choose a data folder " +
                "elsewhere, or run as a regular user.");
        }
    }

    private static bool IsRoot()
    {
        // The second field of the Uid line is the effective user id.
        try
        {
            var uidLine = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = uidLine?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields is { Length: >= 3 })
            {
                return fields[2] == "0";
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Environment.UserName == "root";
    }

    private static string? FindProgram(string name, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(extraDirectories)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }
}
