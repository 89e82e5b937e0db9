namespace Feedback.IntegrationTests.Infrastructure;

internal static class TestFolders
{
    /// <summary>Removes a test's folder with everything in it; one still in use elsewhere is left for the run's scratch folder to take.</summary>
    public static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
