using System.ComponentModel;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Hosting;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Generation;

/// <summary>Runs one generation batch on a machine that serves the sampling queue, with the generator of the project's modality.</summary>
public sealed class CandidateGenerationJob(IDbContextFactory<FeedbackDbContext> dbFactory, TextCandidateGenerator text, ImageCandidateGenerator images)
{
    [Queue(JobQueues.Sampling)]
    [AutomaticRetry(Attempts = 2)]
    [DisplayName("Generate candidates for batch {0}")]
    public async Task RunAsync(long batchId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modality = await db.GenerationBatches.Where(b => b.Id == batchId).Select(b => (Modality?)b.Project!.Modality).SingleOrDefaultAsync(ct);
        await (modality == Modality.Image ? images.RunAsync(batchId, ct) : text.RunAsync(batchId, ct));
    }
}
