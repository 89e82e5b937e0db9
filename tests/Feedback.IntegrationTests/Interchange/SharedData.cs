namespace Feedback.IntegrationTests.Interchange;

/// <summary>The real preference data kept beside the repository in ../shared/data, where this checkout has it.</summary>
internal static class SharedData
{
    public const string HhHarmlessTestName = "hh-rlhf-harmless-base-test.jsonl.gz";

    public static string? HhHarmlessTest { get; } = Find(HhHarmlessTestName);

    private static string? Find(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Feedback.sln")))
            {
                var path = Path.Combine(folder.FullName, "..", "shared", "data", name);
                return File.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}

/// <summary>A test that needs ../shared/data/hh-rlhf-harmless-base-test.jsonl.gz; skipped, saying so, where it is missing.</summary>
public sealed class HhDataFactAttribute : FactAttribute
{
    public HhDataFactAttribute()
    {
        if (SharedData.HhHarmlessTest is null)
        {
            Skip = $"../shared/data/{SharedData.HhHarmlessTestName} is not beside this checkout.";
        }
    }
}
