using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Infrastructure;

internal static class TestCheckpoints
{
    /// <summary>Registers a copy of a registered model's folder as another candidate checkpoint, as a trained policy would be.</summary>
    public static async Task<long> RegisterCopyAsync(FeedbackAppFactory app, string sourceName, string name)
    {
        var store = app.Services.GetRequiredService<CheckpointStore>();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContextAsync();
        var source = await db.Checkpoints.SingleAsync(c => c.Name == sourceName);
        var relativePath = Path.Combine("test", name);
        var folder = store.FolderOf(relativePath);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(store.FolderOf(source.Path)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var checkpoint = new Checkpoint
        {
            Name = name, Modality = source.Modality, Kind = CheckpointKind.Policy, Path = relativePath, Sha256 = source.Sha256,
            Status = CheckpointStatus.Candidate, ParentId = source.Id, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Checkpoints.Add(checkpoint);
        await db.SaveChangesAsync();
        return checkpoint.Id;
    }
}
