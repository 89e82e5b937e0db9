using System.Globalization;
using Feedback.Core.Data;
using Feedback.Sampling.Diffusion;
using Microsoft.Extensions.Configuration;

namespace Feedback.Jobs.Training.Images;

/// <summary>
/// The sample grid of an image checkpoint: the first held-out captions of its project drawn from fixed seeds, so that
/// a checkpoint's grid and its parent's show the same captions and the same starting noise side by side.
/// </summary>
public sealed class CheckpointSamples(IConfiguration configuration)
{
    /// <summary>Images in a grid, in rows of <see cref="Columns"/>.</summary>
    public const int Count = 16;

    public const int Columns = 8;

    public string PathOf(long checkpointId) =>
        Path.Combine(FeedbackPaths.SamplesDirectory(configuration), $"checkpoint-{checkpointId.ToString(CultureInfo.InvariantCulture)}.png");

    public bool Exists(long checkpointId) => File.Exists(PathOf(checkpointId));

    /// <summary>Writes the grid (through a temporary file, so a reader never sees half of one).</summary>
    public void Save(long checkpointId, IReadOnlyList<GeneratedImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var path = PathOf(checkpointId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, SampleGrid.Png(images.Take(Count).ToList(), Columns));
        File.Move(temporary, path, overwrite: true);
    }
}
