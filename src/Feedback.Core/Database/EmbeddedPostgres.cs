using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Feedback.Core.Database;

/// <summary>
/// A private PostgreSQL cluster run from the system's PostgreSQL binaries under a data folder: initialised on
/// first use, started on a unix socket only, stopped on <see cref="StopAsync"/>, on dispose or when the process
/// exits. Data is kept across restarts.
/// </summary>
/// <remarks>
/// Authentication is <c>trust</c>: the server listens on no TCP address, and its socket lies in a folder only the
/// server's account (and root) can enter.
/// </remarks>
public sealed class EmbeddedPostgres : IDisposable, IAsyncDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int LogTailLines = 40;

    private readonly ClusterLayout _layout;
    private readonly ServerAccount _account;
    private readonly PostgresBinaries _binaries;
    private readonly ILogger _logger;
    private readonly Lock _stopGate = new();
    private Task? _stopTask;

    private EmbeddedPostgres(
        EmbeddedPostgresOptions options, ClusterLayout layout, ServerAccount account, PostgresBinaries binaries, ILogger logger, int port, int processId)
    {
        Options = options;
        _layout = layout;
        _account = account;
        _binaries = binaries;
        _logger = logger;
        Port = port;
        ProcessId = processId;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public EmbeddedPostgresOptions Options { get; }

    /// <summary>The cluster's folder (PGDATA).</summary>
    public string ClusterDirectory => _layout.ClusterDirectory;

    /// <summary>The folder that holds the server's unix socket; it is the <c>Host</c> of the connection strings.</summary>
    public string SocketDirectory => _layout.SocketDirectory;

    /// <summary>The server's log file.</summary>
    public string LogFile => _layout.LogFile;

    /// <summary>The port number, chosen afresh at each start; it names the socket file and is never listened on.</summary>
    public int Port { get; }

    /// <summary>The postmaster's process id.</summary>
    public int ProcessId { get; }

    /// <summary>Connects to <see cref="EmbeddedPostgresOptions.Database"/> over the unix socket.</summary>
    public string ConnectionString => ConnectionStringFor(Options.Database);

    public string ConnectionStringFor(string database)
    {
        EmbeddedPostgresOptions.ValidateIdentifier(database, nameof(database));
        return new NpgsqlConnectionStringBuilder
        {
            Host = SocketDirectory,
            Port = Port,
            Username = Options.Username,
            Database = database,
        }.ConnectionString;
    }

    /// <summary>
    /// Initialises the cluster if its folder holds none, stops a server an earlier process left running on it,
    /// starts it and creates the options' database if missing.
    /// </summary>
    /// <exception cref="PostgresNotInstalledException">The PostgreSQL server binaries are not installed.</exception>
    /// <exception cref="EmbeddedPostgresException">The cluster could not be initialised or started.</exception>
    public static async Task<EmbeddedPostgres> StartAsync(
        EmbeddedPostgresOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var binaries = options.Binaries ?? PostgresBinaries.Locate();
        var account = await ServerAccount.ForCurrentProcessAsync(ct).ConfigureAwait(false);
        var layout = ClusterLayout.For(options);

        await StopLeftoverAsync(layout, account, binaries, options.Timeout, logger, ct).ConfigureAwait(false);
        await PrepareFoldersAsync(layout, account, ct).ConfigureAwait(false);
        if (!File.Exists(layout.VersionFile))
        {
            await InitDbAsync(options, layout, account, binaries, logger, ct).ConfigureAwait(false);
        }

        var port = FreePort();
        var processId = await StartServerAsync(options, layout, account, binaries, port, ct).ConfigureAwait(false);
        var server = new EmbeddedPostgres(options, layout, account, binaries, logger, port, processId);
        try
        {
            await server.CreateDatabaseIfMissingAsync(options.Database, ct).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        EmbeddedPostgresLog.Started(
            logger, (await File.ReadAllTextAsync(layout.VersionFile, ct).ConfigureAwait(false)).Trim(),
            layout.ClusterDirectory, processId, layout.SocketDirectory, port);
        return server;
    }

    /// <summary>
    /// Stops a server that an earlier process left running on this data folder (for example after it was killed),
    /// without starting one. Returns whether there was one to stop.
    /// </summary>
    public static async Task<bool> StopLeftoverServerAsync(
        EmbeddedPostgresOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var layout = ClusterLayout.For(options);
        var stopped = false;
        if (PostmasterProcess.ReadPid(layout.ClusterDirectory) is not null)
        {
            var binaries = options.Binaries ?? PostgresBinaries.Locate();
            var account = await ServerAccount.ForCurrentProcessAsync(ct).ConfigureAwait(false);
            stopped = await StopLeftoverAsync(layout, account, binaries, options.Timeout, logger ?? NullLogger.Instance, ct)
                .ConfigureAwait(false);
        }

        TryDeleteSocketDirectory(layout);
        return stopped;
    }

    /// <summary>Creates a database owned by the cluster's user unless one of that name exists. Returns whether it created one.</summary>
    public async Task<bool> CreateDatabaseIfMissingAsync(string name, CancellationToken ct = default)
    {
        EmbeddedPostgresOptions.ValidateIdentifier(name, nameof(name));
        var admin = new NpgsqlConnectionStringBuilder(ConnectionStringFor("postgres")) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(ct).ConfigureAwait(false);

        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
            {
                return false;
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another caller created it between the check and the create.
            return false;
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended). Safe to call more than once.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            if (_stopTask is null)
            {
                AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
                _stopTask = Task.Run(StopCoreAsync);
            }

            return _stopTask;
        }
    }

    public void Dispose()
    {
        try
        {
            StopAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            EmbeddedPostgresLog.StopFailed(_logger, ex, ClusterDirectory);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            EmbeddedPostgresLog.StopFailed(_logger, ex, ClusterDirectory);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // A host may kill this process soon after it starts exiting (the test host does after 100 ms),
        // so the shutdown is requested at once; pg_ctl then waits for it.
        if (PostmasterProcess.ReadPid(ClusterDirectory) == ProcessId)
        {
            PostmasterProcess.RequestFastShutdown(ProcessId);
        }

        Dispose();
    }

    private async Task StopCoreAsync()
    {
        // Only stop the server this instance started: another instance may since have replaced it.
        if (PostmasterProcess.ReadPid(ClusterDirectory) != ProcessId || !PostmasterProcess.IsAlive(ProcessId))
        {
            EmbeddedPostgresLog.AlreadyGone(_logger, ClusterDirectory);
            return;
        }

        await StopServerAsync(_layout, _account, _binaries, ProcessId, Options.Timeout, CancellationToken.None).ConfigureAwait(false);
        EmbeddedPostgresLog.Stopped(_logger, ClusterDirectory);
    }

    private static async Task StopServerAsync(
        ClusterLayout layout, ServerAccount account, PostgresBinaries binaries, int processId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await account.RunAsync(
                binaries.PgCtl,
                ["stop", "-D", layout.ClusterDirectory, "-m", "fast", "-w", "-t", seconds],
                layout.ClusterDirectory,
                timeout + TimeSpan.FromSeconds(10),
                cancellationToken)
            .ConfigureAwait(false);

        // pg_ctl returns once postmaster.pid is gone, a moment before the process itself has exited.
        var exited = await PostmasterProcess.WaitForExitAsync(processId, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        if (!exited)
        {
            throw new EmbeddedPostgresException(
                $"PostgreSQL (process {processId}) on {layout.ClusterDirectory} did not stop: {result.Output}");
        }

        TryDeleteSocketDirectory(layout);
    }

    private static void TryDeleteSocketDirectory(ClusterLayout layout)
    {
        // The server removes its socket files on shutdown, so the folder is empty unless a server still uses it
        // (and then this fails); it is made again at the next start.
        try
        {
            Directory.Delete(layout.SocketDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static async Task<bool> StopLeftoverAsync(
        ClusterLayout layout, ServerAccount account, PostgresBinaries binaries, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        if (PostmasterProcess.ReadPid(layout.ClusterDirectory) is not { } pid || !PostmasterProcess.IsAlive(pid))
        {
            // No pid file, or one whose process is gone: the server handles a stale file itself.
            return false;
        }

        if (!PostmasterProcess.IsPostmasterFor(pid, layout.ClusterDirectory))
        {
            // The PID was reused by an unrelated process (typically after a reboot); the server would refuse to start.
            EmbeddedPostgresLog.RemovingStalePidFile(logger, PostmasterProcess.PidFile(layout.ClusterDirectory), pid);
            File.Delete(PostmasterProcess.PidFile(layout.ClusterDirectory));
            return false;
        }

        EmbeddedPostgresLog.StoppingLeftover(logger, pid, layout.ClusterDirectory);
        await StopServerAsync(layout, account, binaries, pid, timeout, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task PrepareFoldersAsync(ClusterLayout layout, ServerAccount account, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The embedded PostgreSQL cluster runs on Linux only; configure a connection string instead.");
        }

        Directory.CreateDirectory(layout.DataDirectory);
        if (!Directory.Exists(layout.ClusterDirectory))
        {
            Directory.CreateDirectory(layout.ClusterDirectory, OwnerOnly);
        }

        if (!File.Exists(layout.LogFile))
        {
            await File.WriteAllBytesAsync(layout.LogFile, [], cancellationToken).ConfigureAwait(false);
        }

        var socket = new DirectoryInfo(layout.SocketDirectory);
        if (socket.Exists && socket.LinkTarget is not null)
        {
            throw new EmbeddedPostgresException($"{layout.SocketDirectory} is a symbolic link; remove it so a private socket folder can be made.");
        }

        if (!socket.Exists)
        {
            Directory.CreateDirectory(layout.SocketDirectory, OwnerOnly);
        }

        try
        {
            File.SetUnixFileMode(layout.SocketDirectory, OwnerOnly);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new EmbeddedPostgresException(
                $"The socket folder {layout.SocketDirectory} belongs to another user; remove it so a private one can be made.", ex);
        }

        await account.TakeOwnershipAsync(layout.ClusterDirectory, recursive: true, cancellationToken).ConfigureAwait(false);
        await account.TakeOwnershipAsync(layout.LogFile, recursive: false, cancellationToken).ConfigureAwait(false);
        await account.TakeOwnershipAsync(layout.SocketDirectory, recursive: false, cancellationToken).ConfigureAwait(false);
        await account.EnsureCanWriteAsync(layout.ClusterDirectory, cancellationToken).ConfigureAwait(false);
        await account.EnsureCanWriteAsync(layout.SocketDirectory, cancellationToken).ConfigureAwait(false);
    }

    private static async Task InitDbAsync(
        EmbeddedPostgresOptions options, ClusterLayout layout, ServerAccount account, PostgresBinaries binaries, ILogger logger, CancellationToken cancellationToken)
    {
        EmbeddedPostgresLog.Initialising(logger, layout.ClusterDirectory);
        var common = new List<string>
        {
            "-D", layout.ClusterDirectory, "--username=" + options.Username, "--auth=trust", "--encoding=UTF8",
        };
        if (!options.Durable)
        {
            common.Add("--no-sync");
        }

        var timeout = options.Timeout * 2;
        var result = await account.RunAsync(binaries.InitDb, [.. common, "--locale=C.UTF-8"], layout.ClusterDirectory, timeout, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded && !File.Exists(layout.VersionFile))
        {
            // Not every C library has a C.UTF-8 locale; initdb empties the folder it failed in.
            EmbeddedPostgresLog.RetryingWithoutLocale(logger, result.Output);
            result = await account.RunAsync(binaries.InitDb, [.. common, "--no-locale"], layout.ClusterDirectory, timeout, cancellationToken)
                .ConfigureAwait(false);
        }

        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"initdb failed to create a PostgreSQL cluster in {layout.ClusterDirectory}:{Environment.NewLine}{result.Output}");
        }
    }

    private static async Task<int> StartServerAsync(
        EmbeddedPostgresOptions options, ClusterLayout layout, ServerAccount account, PostgresBinaries binaries, int port, CancellationToken cancellationToken)
    {
        var settings = new List<KeyValuePair<string, string>>
        {
            new("listen_addresses", ""),
            new("unix_socket_permissions", "0700"),
        };
        if (!options.Durable)
        {
            settings.Add(new("fsync", "off"));
            settings.Add(new("synchronous_commit", "off"));
            settings.Add(new("full_page_writes", "off"));
        }

        settings.AddRange(options.Settings);

        // pg_ctl hands -o to the server through /bin/sh, so every value is shell-quoted.
        var serverOptions = new StringBuilder()
            .Append("-p ").Append(port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(" -k ").Append(ShellQuote(layout.SocketDirectory));
        foreach (var (name, value) in settings)
        {
            serverOptions.Append(" -c ").Append(ShellQuote(name + "=" + value));
        }

        var logStart = new FileInfo(layout.LogFile).Length;
        var seconds = ((int)Math.Ceiling(options.Timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await account.RunAsync(
                binaries.PgCtl,
                ["start", "-D", layout.ClusterDirectory, "-l", layout.LogFile, "-w", "-t", seconds, "-o", serverOptions.ToString()],
                layout.ClusterDirectory,
                options.Timeout + TimeSpan.FromSeconds(10),
                cancellationToken)
            .ConfigureAwait(false);

        if (!result.Succeeded || PostmasterProcess.ReadPid(layout.ClusterDirectory) is not { } processId)
        {
            var log = await ReadLogTailAsync(layout.LogFile, logStart).ConfigureAwait(false);
            throw new EmbeddedPostgresException(
                $"PostgreSQL did not start from {layout.ClusterDirectory}:{Environment.NewLine}{result.Output}" +
                $"{Environment.NewLine}Last lines of {layout.LogFile}:{Environment.NewLine}{log}");
        }

        return processId;
    }

    private static async Task<string> ReadLogTailAsync(string logFile, long from)
    {
        try
        {
            await using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = (await reader.ReadToEndAsync().ConfigureAwait(false)).Split('\n');
            return string.Join('\n', lines.TakeLast(LogTailLines)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(could not read the log: {ex.Message})";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
