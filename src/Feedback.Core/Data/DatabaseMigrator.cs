using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Data;

public static class DatabaseMigrator
{
    /// <summary>Applies pending migrations and returns their names.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);

        // Reading the history of a new database logs a failed query (EF does so inside MigrateAsync too), so the
        // history table is made sure of first; the script does nothing when it exists.
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);

        var applied = await db.Database.GetAppliedMigrationsAsync(ct);
        var pending = db.Database.GetMigrations().Except(applied).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(ct);
        }

        return pending;
    }
}
