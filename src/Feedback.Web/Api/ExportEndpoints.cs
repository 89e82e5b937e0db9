using Feedback.Core.Data;
using Feedback.Core.Interchange;
using Feedback.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Api;

/// <summary>Downloads of a snapshot as DPO-ready pairs, for researchers: JSON Lines or Parquet, the same bytes for the same snapshot.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapSnapshotExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/snapshots/{snapshotId:long}/export.{format}", async (
            long snapshotId, string format, SnapshotExport export, IDbContextFactory<FeedbackDbContext> dbFactory, HttpContext context, CancellationToken ct) =>
        {
            if (format is not ("jsonl" or "parquet"))
            {
                return Results.NotFound();
            }

            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                if (!await db.Snapshots.AnyAsync(s => s.Id == snapshotId, ct))
                {
                    return Results.NotFound();
                }
            }

            // Written to memory first, so a failure is an error status rather than half a file.
            var buffer = new MemoryStream();
            if (format == "parquet")
            {
                await export.WriteParquetAsync(snapshotId, buffer, ct);
            }
            else
            {
                await export.WriteJsonlAsync(snapshotId, buffer, ct);
            }

            buffer.Position = 0;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(buffer, format == "parquet" ? "application/vnd.apache.parquet" : "application/jsonl", $"snapshot-{snapshotId}.{format}");
        }).RequireAuthorization(Policies.Researcher);
        return app;
    }
}
