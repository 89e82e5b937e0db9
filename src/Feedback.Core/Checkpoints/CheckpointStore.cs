using Feedback.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Feedback.Core.Checkpoints;

/// <summary>
/// The folder that holds every checkpoint (<c>checkpoints</c> under the data directory). Checkpoint rows keep paths
/// relative to it, so workers on other machines that mount the same store find the same files.
/// </summary>
public sealed class CheckpointStore(IConfiguration configuration)
{
    public string Root { get; } = Path.Combine(FeedbackPaths.DataDirectory(configuration), "checkpoints");

    /// <summary>The checkpoint folder for a stored relative path; a path that would leave the store is refused.</summary>
    public string FolderOf(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var root = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (Path.IsPathRooted(relativePath) || !full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The checkpoint path '{relativePath}' is not inside the checkpoint store.", nameof(relativePath));
        }

        return full;
    }
}
