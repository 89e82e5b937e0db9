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

        // Asking a new database for its applied migrations would log a failed query; look for the history table first.
        var history = db.GetService<IHistoryRepository>();
        var applied = await history.ExistsAsync(ct) ? await db.Database.GetAppliedMigrationsAsync(ct) : [];
        var pending = db.Database.GetMigrations().Except(applied).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(ct);
        }

        return pending;
    }
}
