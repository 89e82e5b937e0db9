using System.Globalization;
using Feedback.Core;
using Feedback.Core.Checkpoints;
using Feedback.Core.Domain;
using Feedback.Sampling.Diffusion;
using Feedback.Sampling.Text;

namespace Feedback.Jobs.Training;

/// <summary>
/// Promotion and rollback as the sampler sees them: the database says which checkpoint serves (every batch looks it up,
/// on every machine), and this process's cached session of the checkpoint that stopped serving is closed at once.
/// </summary>
public sealed class ServingSwitch(CheckpointPromotions promotions, TextSessionCache sessions, ImageSessionCache imageSessions)
{
    public async Task<OperationResult> PromoteAsync(long checkpointId, string reason, string? byId, CancellationToken ct = default)
    {
        var (replaced, result) = await promotions.PromoteAsync(checkpointId, reason, byId, ct);
        Close(replaced);
        return result;
    }

    public async Task<OperationResult> RollBackAsync(
        long projectId, Modality modality, CheckpointKind kind, string? byId, long? expectedServingId = null, CancellationToken ct = default)
    {
        var (stopped, result) = await promotions.RollBackAsync(projectId, modality, kind, byId, expectedServingId, ct);
        Close(stopped);
        return result;
    }

    private void Close(long? checkpointId)
    {
        if (checkpointId is { } id)
        {
            var key = id.ToString(CultureInfo.InvariantCulture);
            sessions.Evict(key);
            imageSessions.Evict(key);
        }
    }
}
