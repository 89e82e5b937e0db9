using System.Diagnostics;
using System.Globalization;
using Feedback.Core.Accounts;
using Feedback.Core.Agreement;
using Feedback.Core.Data;
using Feedback.Core.Database;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Feedback.Benchmarks;

/// <summary>
/// The agreement report, the rater table and the daily timeline of one project holding N votes (default 1,000,000:
/// 200,000 pairs with 5 votes each from 50 raters), on a private PostgreSQL cluster. Prints the time of each and the
/// app's memory: managed bytes allocated, the managed heap's peak and the process's peak working set.
/// </summary>
internal static class AgreementBenchmark
{
    private const int VotesPerItem = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var votes = BenchOptions.Int(args, "--votes", 1_000_000);
        var raterCount = BenchOptions.Int(args, "--raters", 50);
        var items = votes / VotesPerItem;
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"feedback-bench-agreement-{Environment.ProcessId}");
        await using var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(dataDirectory) { Durable = false });
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration["ConnectionStrings:Feedback"] = server.ConnectionString;
            await builder.AddFeedbackDataAsync();
            using var host = builder.Build();
            await DatabaseMigrator.MigrateAsync(host.Services);

            var seeding = Stopwatch.StartNew();
            var projectId = await SeedAsync(host.Services, server.ConnectionString, items, raterCount);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded {items:N0} pairs x {VotesPerItem} votes = {items * VotesPerItem:N0} votes from {raterCount} raters in {seeding.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores"));

            var agreement = host.Services.GetRequiredService<ProjectAgreement>();
            var reliability = host.Services.GetRequiredService<RaterReliability>();
            var timeline = host.Services.GetRequiredService<AgreementTimeline>();
            await agreement.ComputeAsync(projectId, AgreementWindow.All); // warm-up: plans, JIT, caches

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            await Measure("agreement report (kappas, alpha, pairs, leave-one-out)", async () =>
            {
                var report = await agreement.ComputeAsync(projectId);
                return string.Create(CultureInfo.InvariantCulture,
                    $"items {report.Items:N0}, ratings {report.Ratings:N0}, Fleiss {report.FleissKappa:F3}, alpha {report.KrippendorffAlpha:F3}, {report.Pairs.Count} rater pairs");
            });
            await Measure("rater table (adds bias, swaps, cycles, speed, gold)", async () => $"{(await reliability.ForProjectAsync(projectId)).Count} raters");
            await Measure("votes and agreement per day", async () => $"{(await timeline.ForProjectAsync(projectId)).Count} days");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"managed heap before {heapBefore / 1048576.0:F1} MB; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB (includes the seeding)"));
            return 0;
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task Measure(string name, Func<Task<string>> run)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var peak = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        var result = await run();
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-56} {clock.Elapsed.TotalSeconds,7:F2} s   allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,7:F1} MB   managed heap peak {peak / 1048576.0,6:F1} MB   ({result})"));
    }

    /// <summary>Raters of varying care (each follows the pair's hidden better answer 60 to 95% of the time), sides shuffled.</summary>
    private static async Task<long> SeedAsync(IServiceProvider services, string connectionString, int items, int raterCount)
    {
        string[] raterIds;
        long projectId;
        await using (var db = await services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync())
        {
            var raters = Enumerable.Range(0, raterCount).Select(i => new FeedbackUser
            {
                UserName = $"rater{i}", NormalizedUserName = $"RATER{i}", SecurityStamp = Guid.NewGuid().ToString(), CreatedAt = DateTimeOffset.UtcNow,
            }).ToList();
            var project = new Project { Name = "Agreement benchmark", CreatedAt = DateTimeOffset.UtcNow, VotesPerComparison = VotesPerItem };
            db.Users.AddRange(raters);
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            raterIds = raters.Select(r => r.Id).ToArray();
            projectId = project.Id;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "INSERT INTO prompts (project_id, text, earlier_turns, source, is_held_out, created_at) SELECT @project, 'Prompt ' || g, '[]', 'bench', false, now() FROM generate_series(1, @items) g",
            "INSERT INTO candidates (prompt_id, modality, text, source, created_at) SELECT p.id, 0, 'Answer ' || s, 'bench', now() FROM prompts p CROSS JOIN generate_series(0, 1) s WHERE p.project_id = @project",
            "INSERT INTO comparisons (project_id, prompt_id, is_gold, created_at, is_retired) SELECT @project, p.id, false, now(), false FROM prompts p WHERE p.project_id = @project",
            """
            INSERT INTO comparison_candidates (comparison_id, position, candidate_id)
            SELECT c.id, (row_number() OVER (PARTITION BY c.id ORDER BY k.id) - 1)::int, k.id
            FROM comparisons c JOIN candidates k ON k.prompt_id = c.prompt_id WHERE c.project_id = @project
            """,
            """
            INSERT INTO votes (comparison_id, rater_id, client_vote_id, choice, shown_order, shown_at, answered_at, is_swap_repeat)
            SELECT c.id, (@raters)[1 + (c.id + j * 7) % cardinality(@raters)], gen_random_uuid(),
                   CASE WHEN random() < 0.05 THEN 2
                        WHEN ((random() < 0.6 + 0.35 * ((c.id + j * 7) % cardinality(@raters)) / cardinality(@raters)) = (c.id % 2 = 0)) <> swap THEN 0
                        ELSE 1 END,
                   CASE WHEN swap THEN ARRAY[second.candidate_id, first.candidate_id] ELSE ARRAY[first.candidate_id, second.candidate_id] END,
                   now() - make_interval(days => (c.id % 30)::int, secs => 4 + (c.id % 20)),
                   now() - make_interval(days => (c.id % 30)::int),
                   false
            FROM comparisons c
            JOIN comparison_candidates first ON first.comparison_id = c.id AND first.position = 0
            JOIN comparison_candidates second ON second.comparison_id = c.id AND second.position = 1
            CROSS JOIN generate_series(0, 4) j
            CROSS JOIN LATERAL (SELECT random() < 0.5 AS swap) s
            WHERE c.project_id = @project
            """,
            "ANALYZE",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("project", projectId);
            command.Parameters.AddWithValue("items", items);
            command.Parameters.AddWithValue("raters", raterIds);
            await command.ExecuteNonQueryAsync();
        }

        return projectId;
    }
}
