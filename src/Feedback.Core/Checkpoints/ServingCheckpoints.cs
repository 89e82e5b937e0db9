using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Checkpoints;

/// <summary>Which model generates a project's candidates: its own serving policy, else the shared base model of its modality.</summary>
public static class ServingCheckpoints
{
    public static async Task<Checkpoint?> PolicyForAsync(FeedbackDbContext db, long projectId, Modality modality, CancellationToken ct = default)
    {
        var serving = db.Checkpoints.AsNoTracking()
            .Where(c => c.Kind == CheckpointKind.Policy && c.Status == CheckpointStatus.Serving && c.Modality == modality);
        return await serving.Where(c => c.ProjectId == projectId).OrderByDescending(c => c.PromotedAt).FirstOrDefaultAsync(ct)
               ?? await serving.Where(c => c.ProjectId == null).OrderByDescending(c => c.PromotedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
    }
}
