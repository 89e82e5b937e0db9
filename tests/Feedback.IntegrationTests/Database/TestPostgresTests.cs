using Feedback.IntegrationTests.Infrastructure;
using Npgsql;

namespace Feedback.IntegrationTests.Database;

public sealed class TestPostgresTests
{
    [Fact]
    public async Task CreateDatabaseAsync_returns_a_new_empty_database_each_time()
    {
        var first = await TestPostgres.CreateDatabaseAsync("votes");
        var second = await TestPostgres.CreateDatabaseAsync("votes");

        var firstName = new NpgsqlConnectionStringBuilder(first).Database;
        var secondName = new NpgsqlConnectionStringBuilder(second).Database;
        firstName.ShouldStartWith("votes_");
        firstName.ShouldNotBe(secondName);
        (await CountAsync(first, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).ShouldBe(0);
        (await CountAsync(second, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).ShouldBe(0);
    }

    [Fact]
    public async Task CreateDatabaseIfMissingAsync_creates_a_database_only_once()
    {
        var server = await TestPostgres.ServerAsync();
        var name = "once_" + Guid.NewGuid().ToString("N");

        (await server.CreateDatabaseIfMissingAsync(name)).ShouldBeTrue();
        (await server.CreateDatabaseIfMissingAsync(name)).ShouldBeFalse();

        (await CountAsync(server.ConnectionStringFor("postgres"), $"SELECT count(*) FROM pg_database WHERE datname = '{name}'")).ShouldBe(1);
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
