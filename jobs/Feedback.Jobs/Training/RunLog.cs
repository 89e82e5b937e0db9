using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Training;

/// <summary>Writes a line to a run's log (shown in the console) and to the process log.</summary>
public sealed class RunLog(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock, ILogger<RunLog> logger)
{
    public const int MaxMessageLength = 4000;

    public async Task WriteAsync(long runId, string message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        logger.LogInformation("Run {RunId}: {Message}", runId, message);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.TrainingRunLogs.Add(new TrainingRunLog
        {
            TrainingRunId = runId,
            At = clock.GetUtcNow(),
            Message = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message,
        });
        await db.SaveChangesAsync(ct);
    }
}
