using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Feedback.Migrations;

/// <summary>Used by dotnet-ef only, to build the model; adding a migration needs no running database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FeedbackDbContext>
{
    public FeedbackDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<FeedbackDbContext>()
            .UseNpgsql("Host=localhost;Database=feedback", npgsql => npgsql.MigrationsAssembly(typeof(DesignTimeDbContextFactory).Assembly.GetName().Name))
            .Options;
        return new FeedbackDbContext(options);
    }
}
