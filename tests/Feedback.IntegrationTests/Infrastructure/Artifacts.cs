namespace Feedback.IntegrationTests.Infrastructure;

/// <summary>Files tests leave for people to look at: under FEEDBACK_ARTIFACTS_DIR, or the repository's artifacts folder.</summary>
internal static class Artifacts
{
    public static string Folder()
    {
        var configured = Environment.GetEnvironmentVariable("FEEDBACK_ARTIFACTS_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Feedback.sln")))
            {
                return Path.Combine(folder.FullName, "artifacts");
            }
        }

        throw new InvalidOperationException(
            $"FEEDBACK_ARTIFACTS_DIR is not set and no Feedback.sln was found above {AppContext.BaseDirectory} to put artifacts beside.");
    }

    public static void Write(string relativePath, string text) => WriteBytes(relativePath, System.Text.Encoding.UTF8.GetBytes(text));

    public static void WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Folder(), relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
