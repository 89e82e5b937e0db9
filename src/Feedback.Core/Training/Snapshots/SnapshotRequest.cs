using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Core.Training.Snapshots;

/// <summary>
/// Which of a project's votes a snapshot takes, and how it splits them. Stored with the snapshot as its filter, so a
/// snapshot always says how it was made.
/// </summary>
public sealed record SnapshotRequest(long ProjectId, string Name)
{
    public const int MaxNameLength = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Votes answered at or after this time; all when null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Votes answered before this time; all when null.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Raters whose share of right answers on the project's gold comparisons is below this are left out; no one is
    /// when null. A rater needs <see cref="MinGoldAnswers"/> gold answers to be judged by it.
    /// </summary>
    public double? MinGoldAccuracy { get; init; }

    public int MinGoldAnswers { get; init; } = 5;

    /// <summary>Whether raters with fewer than <see cref="MinGoldAnswers"/> gold answers count as good enough (they have not been shown wanting).</summary>
    public bool IncludeRatersWithFewGoldAnswers { get; init; } = true;

    /// <summary>Leaves out the votes of disabled accounts, so that only raters in good standing count.</summary>
    public bool ExcludeDisabledRaters { get; init; } = true;

    /// <summary>Leaves out the votes of raters paused in the project when the snapshot is taken (all their votes, from before the pause too).</summary>
    public bool ExcludePausedRaters { get; init; } = true;

    /// <summary>Whether votes on gold comparisons are training data too.</summary>
    public bool IncludeGold { get; init; } = true;

    /// <summary>The share of prompts held out for evaluation, besides those marked held out, which always are.</summary>
    public double HeldOutFraction { get; init; } = 0.1;

    public SnapshotVoteHandling TieHandling { get; init; } = SnapshotVoteHandling.Drop;

    public SnapshotVoteHandling BothBadHandling { get; init; } = SnapshotVoteHandling.Drop;

    /// <summary>Chooses which prompts are held out; the same seed holds out the same prompts.</summary>
    public int Seed { get; init; }

    public static SnapshotRequest FromJson(string json) =>
        JsonSerializer.Deserialize<SnapshotRequest>(json, Json) ?? throw new JsonException("A snapshot filter cannot be null.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The reasons this request cannot be made into a snapshot as it stands; empty when it can.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("A snapshot needs a name.");
        }
        else if (Name.Trim().Length > MaxNameLength)
        {
            problems.Add($"The name is longer than {MaxNameLength} characters.");
        }

        if (From is { } from && To is { } to && from >= to)
        {
            problems.Add("The start of the period must be before its end.");
        }

        if (MinGoldAccuracy is { } accuracy && !(accuracy is >= 0 and <= 1))
        {
            problems.Add("The minimum gold accuracy must be between 0% and 100%.");
        }

        if (MinGoldAnswers < 1)
        {
            problems.Add("A rater needs at least 1 gold answer to be judged by gold accuracy.");
        }

        if (!(HeldOutFraction is >= 0 and <= 1))
        {
            problems.Add("The held-out share of prompts must be between 0% and 100%.");
        }

        if (!Enum.IsDefined(TieHandling) || !Enum.IsDefined(BothBadHandling))
        {
            problems.Add("Ties and \"both bad\" votes are either dropped or kept.");
        }

        return problems;
    }
}
