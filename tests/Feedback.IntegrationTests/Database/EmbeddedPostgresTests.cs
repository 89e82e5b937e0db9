using System.Globalization;
using Feedback.Core.Database;
using Feedback.IntegrationTests.Infrastructure;
using Npgsql;

namespace Feedback.IntegrationTests.Database;

public sealed class EmbeddedPostgresTests : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPostgres.NewDataDirectory();
    private readonly List<EmbeddedPostgres> _servers = [];

    private string ClusterDirectory => Path.Combine(_dataDirectory, "postgres");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Starting_in_an_empty_folder_initialises_a_cluster_that_answers_queries_over_a_private_socket()
    {
        File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")).ShouldBeFalse();

        var server = await StartAsync();

        File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")).ShouldBeTrue();
        new NpgsqlConnectionStringBuilder(server.ConnectionString).Host.ShouldBe(server.SocketDirectory);
        new DirectoryInfo(server.SocketDirectory).UnixFileMode.ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (await QueryAsync<string>(server.ConnectionString, "SELECT current_user")).ShouldBe("feedback");
        (await QueryAsync<string>(server.ConnectionString, "SELECT current_database()")).ShouldBe("feedback");
        (await QueryAsync<string>(server.ConnectionString, "SHOW listen_addresses")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Data_written_before_a_stop_is_still_there_after_the_next_start()
    {
        var first = await StartAsync();
        await ExecuteAsync(first.ConnectionString, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");
        await first.StopAsync();

        var second = await StartAsync();

        (await QueryAsync<string>(second.ConnectionString, "SELECT body FROM notes")).ShouldBe("kept");
    }

    [Fact]
    public async Task StopAsync_leaves_no_postgres_process_for_the_data_folder()
    {
        var server = await StartAsync();
        ProcessesFor(ClusterDirectory).ShouldContain(server.ProcessId);

        await server.StopAsync();

        ProcessesFor(ClusterDirectory).ShouldBeEmpty();
        IsRunning(server.ProcessId).ShouldBeFalse();
        Directory.Exists(server.SocketDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task Dispose_stops_the_server()
    {
        var server = await StartAsync();

        server.Dispose();

        ProcessesFor(ClusterDirectory).ShouldBeEmpty();
    }

    [Fact]
    public async Task Starting_on_a_folder_whose_server_still_runs_stops_that_server_and_takes_over()
    {
        var leftover = await StartAsync();

        var server = await StartAsync();

        IsRunning(leftover.ProcessId).ShouldBeFalse();
        (await QueryAsync<int>(server.ConnectionString, "SELECT 42")).ShouldBe(42);

        await leftover.StopAsync();
        (await QueryAsync<int>(server.ConnectionString, "SELECT 43")).ShouldBe(43);

        await server.StopAsync();
        ProcessesFor(ClusterDirectory).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pid_file_naming_an_unrelated_live_process_does_not_prevent_a_start()
    {
        var first = await StartAsync();
        await first.StopAsync();
        var pidFile = Path.Combine(ClusterDirectory, "postmaster.pid");
        await File.WriteAllTextAsync(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n" + ClusterDirectory + "\n");

        var server = await StartAsync();

        (await QueryAsync<int>(server.ConnectionString, "SELECT 1")).ShouldBe(1);
    }

    [Fact]
    public void Locate_with_no_search_directories_throws_an_error_naming_the_package_to_install()
    {
        var error = Should.Throw<PostgresNotInstalledException>(() => PostgresBinaries.Locate([]));

        error.Message.ShouldContain("apt-get install postgresql");
    }

    [Fact]
    public void Locate_in_a_folder_without_the_server_programs_throws_an_error_naming_the_package_to_install()
    {
        var error = Should.Throw<PostgresNotInstalledException>(() => PostgresBinaries.Locate([_dataDirectory]));

        error.Message.ShouldContain("apt-get install postgresql");
        error.Message.ShouldContain(_dataDirectory);
    }

    [Fact]
    public void Locate_finds_initdb_pg_ctl_and_postgres_in_one_folder_on_this_machine()
    {
        var binaries = PostgresBinaries.Locate();

        File.Exists(binaries.InitDb).ShouldBeTrue();
        File.Exists(binaries.PgCtl).ShouldBeTrue();
        File.Exists(binaries.Postgres).ShouldBeTrue();
    }

    private async Task<EmbeddedPostgres> StartAsync()
    {
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(_dataDirectory) { Durable = false });
        _servers.Add(server);
        return server;
    }

    private static async Task<T> QueryAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Whether the process exists and has not exited (an exited one may linger as a zombie until reaped).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Ids of live processes whose command line names the folder (a postmaster is started with <c>-D folder</c>).</summary>
    private static List<int> ProcessesFor(string folder)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                if (arguments.Any(argument => argument.Contains(folder, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return found;
    }
}
