namespace Feedback.Jobs.Hosting;

/// <summary>Hangfire queues. Training and sampling go to machines with the models (and GPUs); default runs anywhere.</summary>
public static class JobQueues
{
    public const string Training = "training";
    public const string Sampling = "sampling";
    public const string Default = "default";

    /// <summary>All queues, in the order a server that takes all of them serves them.</summary>
    public static readonly string[] All = [Training, Sampling, Default];

    public static string[] Parse(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return All;
        }

        var queues = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(q => q.ToLowerInvariant())
            .Distinct()
            .ToArray();
        if (queues.FirstOrDefault(q => !All.Contains(q)) is { } unknown)
        {
            throw new ArgumentException($"Unknown queue '{unknown}'. Queues are: {string.Join(", ", All)}.");
        }

        return queues;
    }
}
