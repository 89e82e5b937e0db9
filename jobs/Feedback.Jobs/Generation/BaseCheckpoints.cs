using Feedback.Core.Checkpoints;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Training.Checkpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Generation;

/// <summary>
/// The models shipped with Feedback (under BaseModels beside the binaries). Registering copies each into the checkpoint
/// store and records it as a shared serving checkpoint, so a fresh install generates at once. Idempotent: a model
/// already registered with the same hash is left alone; a changed one is registered anew and the old one retired.
/// </summary>
public sealed class BaseCheckpoints(IDbContextFactory<FeedbackDbContext> dbFactory, CheckpointStore store, TimeProvider clock, ILogger<BaseCheckpoints> logger)
{
    public const string TextBaseName = "text-base";
    public const string ImageBaseName = "image-base";

    /// <summary>The classifier that scores how well an image follows its caption (not a checkpoint that serves).</summary>
    public const string SceneAdherenceName = "scene-adherence";

    public static string ShippedFolder(string name) => Path.Combine(AppContext.BaseDirectory, "BaseModels", name);

    public async Task RegisterAsync(CancellationToken ct = default)
    {
        await RegisterAsync(TextBaseName, Modality.Text, ct);
        await RegisterAsync(ImageBaseName, Modality.Image, ct);
    }

    private async Task RegisterAsync(string name, Modality modality, CancellationToken ct)
    {
        var shipped = ShippedFolder(name);
        if (!CheckpointManifest.Exists(shipped))
        {
            logger.LogWarning("The base model {Name} is not at {Folder}; nothing can generate {Modality} candidates until a checkpoint is registered",
                name, shipped, modality);
            return;
        }

        var sha256 = CheckpointManifest.HashOf(Path.Combine(shipped, CheckpointManifest.FileName));
        var relativePath = Path.Combine("base", $"{name}-{sha256[..12]}");
        CopyIfMissing(shipped, store.FolderOf(relativePath));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Checkpoints.AnyAsync(c => c.Path == relativePath, ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        await db.Checkpoints
            .Where(c => c.ProjectId == null && c.Name == name && c.Status == CheckpointStatus.Serving)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CheckpointStatus.Retired)
                .SetProperty(c => c.StatusReason, "Replaced by a newer shipped base model."), ct);
        db.Checkpoints.Add(new Checkpoint
        {
            Name = name,
            Modality = modality,
            Kind = CheckpointKind.Policy,
            Path = relativePath,
            Sha256 = sha256,
            Status = CheckpointStatus.Serving,
            StatusReason = "The base model shipped with Feedback.",
            CreatedAt = now,
            PromotedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Registered the base model {Name} ({Sha256})", name, sha256[..12]);
        }
        catch (DbUpdateException)
        {
            // Another process may have registered it at the same moment; anything else is a real failure.
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            if (!await check.Checkpoints.AnyAsync(c => c.Path == relativePath, ct))
            {
                throw;
            }
        }
    }

    private static void CopyIfMissing(string source, string destination)
    {
        if (CheckpointManifest.Exists(destination))
        {
            return;
        }

        // Hashed once, when copied; generation checks the copy again before each batch.
        CheckpointManifest.Verify(source);

        // Copied beside the destination and renamed, so a half-copied folder is never taken for a checkpoint.
        var partial = destination + ".partial-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(partial);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(partial, Path.GetFileName(file)));
        }

        try
        {
            Directory.Move(partial, destination);
        }
        catch (IOException) when (CheckpointManifest.Exists(destination))
        {
            Directory.Delete(partial, recursive: true);
        }
    }
}
