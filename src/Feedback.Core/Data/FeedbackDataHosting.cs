using Feedback.Core.Accounts;
using Feedback.Core.Agreement;
using Feedback.Core.Checkpoints;
using Feedback.Core.Curation;
using Feedback.Core.Database;
using Feedback.Core.Interchange;
using Feedback.Core.Leaderboard;
using Feedback.Core.Media;
using Feedback.Core.Projects;
using Feedback.Core.Rating;
using Feedback.Core.Training.Snapshots;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Core.Data;

public static class FeedbackDataHosting
{
    public const string ConnectionStringName = "Feedback";

    /// <summary>
    /// Registers the database. With <c>ConnectionStrings:Feedback</c> set, that server is used; otherwise a private
    /// cluster is started from the system's PostgreSQL binaries under the data directory, and stopped with the host.
    /// Returns the connection string in use.
    /// </summary>
    public static async Task<string> AddFeedbackDataAsync(this IHostApplicationBuilder builder, CancellationToken ct = default)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataDirectory = FeedbackPaths.DataDirectory(builder.Configuration);
            var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(dataDirectory), ct: ct);
            builder.Services.AddSingleton(server);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
            connectionString = server.ConnectionString;
        }

        builder.Services.AddDbContextFactory<FeedbackDbContext>(options => options.UseNpgsql(
            connectionString,
            npgsql => npgsql.MigrationsAssembly("Feedback.Migrations").EnableRetryOnFailure(3)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserAdministration>();
        builder.Services.AddSingleton<AccountSeeder>();
        builder.Services.Configure<RatingOptions>(builder.Configuration.GetSection("Feedback:Rating"));
        builder.Services.AddSingleton<AssignmentEngine>();
        builder.Services.AddSingleton<VoteSubmission>();
        builder.Services.AddSingleton<RatingItems>();
        builder.Services.AddSingleton<RaterQueue>();
        builder.Services.AddSingleton<GoldScores>();
        builder.Services.AddSingleton<ProjectAgreement>();
        builder.Services.AddSingleton<RaterReliability>();
        builder.Services.AddSingleton<RaterPauses>();
        builder.Services.AddSingleton<AgreementTimeline>();
        builder.Services.AddSingleton<RaterDisagreements>();
        builder.Services.AddSingleton<AdaptiveOverlap>();
        builder.Services.AddSingleton<CheckpointLeaderboard>();
        builder.Services.AddSingleton<SnapshotBuilder>();
        builder.Services.AddSingleton<SnapshotCatalog>();
        builder.Services.AddSingleton<ProjectAdministration>();
        builder.Services.AddSingleton(new MediaStore(FeedbackPaths.MediaDirectory(builder.Configuration)));
        builder.Services.AddSingleton<ProjectContent>();
        builder.Services.AddSingleton<ContentImport>();
        builder.Services.AddSingleton<HhRlhfImport>();
        builder.Services.AddSingleton<PromptCsvImport>();
        builder.Services.Configure<ImageImportOptions>(builder.Configuration.GetSection("Feedback:Curation"));
        builder.Services.AddSingleton<ImageCaptionImport>();
        builder.Services.AddSingleton<SnapshotExport>();
        builder.Services.AddSingleton<CheckpointStore>();
        builder.Services.AddSingleton<CheckpointPromotions>();
        builder.Services.AddSingleton<RaterReach>();
        return connectionString;
    }
}
