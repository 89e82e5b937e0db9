using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs;
using Npgsql;

namespace Feedback.IntegrationTests.Cli;

public sealed class FeedbackCliTests
{
    [Fact]
    public async Task Help_lists_the_commands()
    {
        var (exitCode, output) = await RunAsync("--help");

        exitCode.ShouldBe(0);
        output.ShouldContain("migrate");
        output.ShouldContain("worker");
        output.ShouldContain("--connection-string");
    }

    [Fact]
    public async Task Migrate_creates_the_schema_and_a_second_run_finds_it_up_to_date()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("cli");

        var (firstExit, firstOutput) = await RunAsync("migrate", "--connection-string", connectionString);
        var (secondExit, secondOutput) = await RunAsync("migrate", "--connection-string", connectionString);

        firstExit.ShouldBe(0);
        firstOutput.ShouldContain("Applied");
        secondExit.ShouldBe(0);
        secondOutput.ShouldContain("up to date");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'votes'", connection);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_queue_is_refused_with_the_list_of_queues()
    {
        var (exitCode, output) = await RunAsync("worker", "--queues", "gpu", "--connection-string", "Host=/nowhere;Database=none");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("training, sampling, default");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        var originalError = Console.Error;
        var writer = new StringWriter();
        Console.SetOut(writer);
        Console.SetError(writer);
        try
        {
            var exitCode = await FeedbackCli.Main(args);
            return (exitCode, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
