using System.Diagnostics;
using Npgsql;

namespace Feedback.Benchmarks;

/// <summary>The same two transactions as the app's submit and next, as bare statements on raw Npgsql connections.</summary>
internal static class Floor
{
    public static async Task CreateTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TABLE floor_comparisons (id bigserial PRIMARY KEY, project int NOT NULL);
            CREATE TABLE floor_votes (id bigserial PRIMARY KEY, comparison_id bigint NOT NULL, rater int NOT NULL, client_vote_id uuid NOT NULL UNIQUE);
            CREATE INDEX ON floor_votes (comparison_id, rater);
            CREATE TABLE floor_leases (id bigserial PRIMARY KEY, comparison_id bigint NOT NULL, rater int NOT NULL, expires_at timestamptz NOT NULL,
                                       UNIQUE (comparison_id, rater));
            CREATE INDEX ON floor_comparisons (project);
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<Latencies> MeasureAsync(string connectionString, int raters, int ops, int k)
    {
        var project = await SeedAsync(connectionString, RatingBenchmark.ComparisonsFor(raters, ops, k));
        var latencies = new Latencies();
        await Task.WhenAll(Enumerable.Range(0, raters).Select(rater => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var comparison = await NextAsync(connection, project, rater, k);
            for (var i = 0; i < ops && comparison is not null; i++)
            {
                var watch = Stopwatch.StartNew();
                await SubmitAsync(connection, comparison.Value, rater);
                comparison = await NextAsync(connection, project, rater, k);
                latencies.Add(watch.Elapsed);
            }
        })));
        return latencies;
    }

    private static async Task<int> SeedAsync(string connectionString, int comparisons)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var project = Random.Shared.Next();
        await using var command = new NpgsqlCommand("INSERT INTO floor_comparisons (project) SELECT $1 FROM generate_series(1, $2)", connection);
        command.Parameters.AddWithValue(project);
        command.Parameters.AddWithValue(comparisons);
        await command.ExecuteNonQueryAsync();
        return project;
    }

    private static async Task SubmitAsync(NpgsqlConnection connection, long comparison, int rater)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "SELECT id FROM floor_comparisons WHERE id = $1 FOR UPDATE", comparison);
        await ExecuteAsync(connection, "INSERT INTO floor_votes (comparison_id, rater, client_vote_id) VALUES ($1, $2, gen_random_uuid())", comparison, rater);
        await ExecuteAsync(connection, "DELETE FROM floor_leases WHERE comparison_id = $1 AND rater = $2", comparison, rater);
        await transaction.CommitAsync();
    }

    private static async Task<long?> NextAsync(NpgsqlConnection connection, int project, int rater, int k)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var pick = new NpgsqlCommand("""
            SELECT c.id FROM floor_comparisons c
            CROSS JOIN LATERAL (SELECT (SELECT count(*) FROM floor_votes v WHERE v.comparison_id = c.id)
                                     + (SELECT count(*) FROM floor_leases l WHERE l.comparison_id = c.id AND l.expires_at > now()) AS taken) load
            WHERE c.project = $1
              AND NOT EXISTS (SELECT 1 FROM floor_votes v WHERE v.comparison_id = c.id AND v.rater = $2)
              AND NOT EXISTS (SELECT 1 FROM floor_leases l WHERE l.comparison_id = c.id AND l.rater = $2)
              AND load.taken < $3
            ORDER BY load.taken, c.id
            LIMIT 1
            FOR UPDATE OF c SKIP LOCKED
            """, connection, transaction);
        pick.Parameters.AddWithValue(project);
        pick.Parameters.AddWithValue(rater);
        pick.Parameters.AddWithValue((long)k);
        if (await pick.ExecuteScalarAsync() is not long comparison)
        {
            await transaction.CommitAsync();
            return null;
        }

        await ExecuteAsync(connection, "INSERT INTO floor_leases (comparison_id, rater, expires_at) VALUES ($1, $2, now() + interval '15 minutes')", comparison, rater);
        await transaction.CommitAsync();
        return comparison;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
