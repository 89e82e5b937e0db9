using Microsoft.Extensions.Configuration;

namespace Feedback.Core.Data;

/// <summary>Where Feedback keeps its files: the private database cluster, media, checkpoints.</summary>
public static class FeedbackPaths
{
    /// <summary><c>Feedback:DataDirectory</c>, or ~/.local/share/feedback when it is not set.</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        var configured = configuration["Feedback:DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "feedback")
            : configured;
        return Path.GetFullPath(path);
    }

    /// <summary>The folder of stored images (<c>media</c> under the data directory).</summary>
    public static string MediaDirectory(IConfiguration configuration) => Path.Combine(DataDirectory(configuration), "media");

    /// <summary>The folder of sample grids drawn for image checkpoints (<c>samples</c> under the data directory).</summary>
    public static string SamplesDirectory(IConfiguration configuration) => Path.Combine(DataDirectory(configuration), "samples");
}
