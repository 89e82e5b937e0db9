using System.Diagnostics;
using System.Globalization;
using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Database;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Feedback.Benchmarks;

/// <summary>
/// Submit-vote-and-get-next as a rater's page does it, at several numbers of concurrent raters, beside a floor: the
/// essential statements of the same two transactions (lock, insert vote, drop lease; pick with SKIP LOCKED, insert lease)
/// sent raw with Npgsql to the same server.
/// </summary>
internal static class RatingBenchmark
{
    private const int VotesPerComparison = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var ops = BenchOptions.Int(args, "--ops", 20);
        var levels = BenchOptions.Ints(args, "--levels", "1,50,200");
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"feedback-bench-{Environment.ProcessId}");
        await using var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(dataDirectory)
        {
            Settings = new Dictionary<string, string> { ["max_connections"] = "500" },
        });
        try
        {
            var connectionString = server.ConnectionString + ";Maximum Pool Size=300";
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration["ConnectionStrings:Feedback"] = connectionString;
            await builder.AddFeedbackDataAsync();
            using var host = builder.Build();
            await DatabaseMigrator.MigrateAsync(host.Services);
            await Floor.CreateTablesAsync(connectionString);

            Console.WriteLine($"submit-vote-and-get-next, k={VotesPerComparison}, {ops} votes per rater, {Environment.ProcessorCount} cores, PostgreSQL durable (fsync on), unix socket");
            Console.WriteLine($"{"raters",6}  {"Feedback",-52}  {"raw Npgsql floor",-52}  ratio p50/p95/p99");
            foreach (var raters in levels)
            {
                var app = await MeasureAppAsync(host.Services, raters, ops);
                var floor = await Floor.MeasureAsync(connectionString, raters, ops, VotesPerComparison);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{raters,6}  {app.Summary(),-52}  {floor.Summary(),-52}  {app.Percentile(50) / floor.Percentile(50):F1} / {app.Percentile(95) / floor.Percentile(95):F1} / {app.Percentile(99) / floor.Percentile(99):F1}"));
            }

            return 0;
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<Latencies> MeasureAppAsync(IServiceProvider services, int raters, int ops)
    {
        var engine = services.GetRequiredService<AssignmentEngine>();
        var votes = services.GetRequiredService<VoteSubmission>();
        var (projectId, raterIds) = await SeedAsync(services, raters, ops);
        var latencies = new Latencies();
        await Task.WhenAll(raterIds.Select(rater => Task.Run(async () =>
        {
            var assignment = await engine.NextAsync(projectId, rater);
            for (var i = 0; i < ops && assignment is not null; i++)
            {
                var watch = Stopwatch.StartNew();
                await votes.SubmitAsync(new VoteRequest(Guid.NewGuid(), rater, assignment.ComparisonId, VoteChoice.Left));
                assignment = await engine.NextAsync(projectId, rater);
                latencies.Add(watch.Elapsed);
            }
        })));
        return latencies;
    }

    private static async Task<(long ProjectId, List<string> Raters)> SeedAsync(IServiceProvider services, int raters, int ops)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var users = Enumerable.Range(0, raters).Select(_ =>
        {
            var name = $"bench-{Guid.NewGuid():N}";
            return new FeedbackUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString() };
        }).ToList();
        db.Users.AddRange(users);
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Name = $"bench {raters}", VotesPerComparison = VotesPerComparison, CreatedAt = now };
        var comparisons = ComparisonsFor(raters, ops, VotesPerComparison);
        for (var i = 0; i < comparisons; i++)
        {
            var prompt = new Prompt { Project = project, Text = $"Prompt {i}", CreatedAt = now };
            db.Comparisons.Add(new Comparison
            {
                Project = project,
                Prompt = prompt,
                CreatedAt = now,
                Candidates =
                [
                    new() { Position = 0, Candidate = new Candidate { Prompt = prompt, Modality = Modality.Text, Text = "A", CreatedAt = now } },
                    new() { Position = 1, Candidate = new Candidate { Prompt = prompt, Modality = Modality.Text, Text = "B", CreatedAt = now } },
                ],
            });
        }

        await db.SaveChangesAsync();
        return (project.Id, users.Select(u => u.Id).ToList());
    }

    /// <summary>Enough comparisons that no rater runs out: each rater votes on a comparison once, and each takes k votes.</summary>
    public static int ComparisonsFor(int raters, int ops, int k) => Math.Max(raters * (ops + 1) / k, ops + 1) + raters + 10;
}
