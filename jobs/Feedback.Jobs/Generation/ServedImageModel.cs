using System.Globalization;
using Feedback.Core.Checkpoints;
using Feedback.Core.Domain;
using Feedback.Sampling.Diffusion;
using Feedback.Training.Checkpoints;
using Feedback.Training.Images;

namespace Feedback.Jobs.Generation;

/// <summary>An image checkpoint ready to draw: its verified files and a lease on its cached pipeline.</summary>
internal sealed class ServedImageModel : IDisposable
{
    private readonly ImageSessionLease _session;

    private ServedImageModel(long checkpointId, ImageSessionLease session)
    {
        CheckpointId = checkpointId;
        _session = session;
    }

    public long CheckpointId { get; }

    public DiffusionPipeline Pipeline => _session.Pipeline;

    /// <summary>Checks the folder against its manifest (a corrupted file is refused by name), then leases the pipeline.</summary>
    public static ServedImageModel Open(Checkpoint checkpoint, CheckpointStore store, ImageSessionCache sessions)
    {
        if (checkpoint.Modality != Modality.Image || checkpoint.Kind != CheckpointKind.Policy)
        {
            throw new InvalidOperationException($"Checkpoint {checkpoint.Id} ({checkpoint.Name}) is not an image model and cannot draw.");
        }

        var folder = store.FolderOf(checkpoint.Path);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Checkpoint {checkpoint.Id} ({checkpoint.Name}) has no folder at {folder}.");
        }

        CheckpointManifest.Verify(folder, [ImageCheckpoint.ConfigFile, ImageCheckpoint.VocabularyFile, ImageCheckpoint.TextEncoderOnnx, ImageCheckpoint.UNetOnnx, ImageCheckpoint.VaeDecoderOnnx]);
        return new ServedImageModel(checkpoint.Id, sessions.Acquire(checkpoint.Id.ToString(CultureInfo.InvariantCulture), folder));
    }

    public void Dispose() => _session.Dispose();
}
