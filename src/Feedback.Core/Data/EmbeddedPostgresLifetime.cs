using Feedback.Core.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Core.Data;

/// <summary>Stops the private PostgreSQL cluster when the host stops (registered first, so it stops last).</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server, ILogger<EmbeddedPostgresLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Using the private PostgreSQL cluster under {DataDirectory}", server.Options.DataDirectory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync();
}
