using Microsoft.Extensions.Logging;

namespace Feedback.Core.Database;

internal static partial class EmbeddedPostgresLog
{
    [LoggerMessage(1, LogLevel.Information, "Initialising a PostgreSQL cluster in {ClusterDirectory}")]
    public static partial void Initialising(ILogger logger, string clusterDirectory);

    [LoggerMessage(2, LogLevel.Information, "PostgreSQL {Version} started from {ClusterDirectory} (process {ProcessId}, socket {SocketDirectory}, port {Port})")]
    public static partial void Started(ILogger logger, string version, string clusterDirectory, int processId, string socketDirectory, int port);

    [LoggerMessage(3, LogLevel.Warning, "Stopping PostgreSQL process {ProcessId}, left running on {ClusterDirectory} by an earlier run")]
    public static partial void StoppingLeftover(ILogger logger, int processId, string clusterDirectory);

    [LoggerMessage(4, LogLevel.Information, "Removing {PidFile}: its process {ProcessId} is not a PostgreSQL server for this cluster")]
    public static partial void RemovingStalePidFile(ILogger logger, string pidFile, int processId);

    [LoggerMessage(5, LogLevel.Information, "PostgreSQL stopped ({ClusterDirectory})")]
    public static partial void Stopped(ILogger logger, string clusterDirectory);

    [LoggerMessage(6, LogLevel.Warning, "PostgreSQL on {ClusterDirectory} was already stopped or taken over by another process; not stopping it")]
    public static partial void AlreadyGone(ILogger logger, string clusterDirectory);

    [LoggerMessage(7, LogLevel.Error, "Stopping PostgreSQL on {ClusterDirectory} failed")]
    public static partial void StopFailed(ILogger logger, Exception exception, string clusterDirectory);

    [LoggerMessage(8, LogLevel.Information, "initdb with locale C.UTF-8 failed; retrying without a locale: {Output}")]
    public static partial void RetryingWithoutLocale(ILogger logger, string output);
}
