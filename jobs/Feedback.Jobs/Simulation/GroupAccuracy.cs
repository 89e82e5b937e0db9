namespace Feedback.Jobs.Simulation;

/// <summary>
/// A reward model's verdicts on one group of held-out pairs (a prompt family, or the quality axis that decides the pair):
/// how often it ranks the pair as the (noisy) vote did, and as the noise-free oracle does where the oracle is not indifferent.
/// </summary>
public sealed record GroupAccuracy(string Group, int Pairs, int AgreeWithVotes, int OracleDecided, int AgreeWithOracle)
{
    public const string All = "all";

    public double WithVotes => Pairs == 0 ? double.NaN : (double)AgreeWithVotes / Pairs;

    public double WithOracle => OracleDecided == 0 ? double.NaN : (double)AgreeWithOracle / OracleDecided;

    /// <summary>One row per group, by name, then <see cref="All"/>.</summary>
    /// <param name="verdicts">Per pair: its group, whether the model agrees with the vote, and with the oracle (null where the oracle sees a tie).</param>
    public static IReadOnlyList<GroupAccuracy> Tally(IEnumerable<(string Group, bool AgreesWithVote, bool? AgreesWithOracle)> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var all = verdicts.ToList();
        return all.GroupBy(v => v.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.ToList()))
            .Append(Row(All, all))
            .ToList();
    }

    private static GroupAccuracy Row(string group, List<(string Group, bool AgreesWithVote, bool? AgreesWithOracle)> verdicts) => new(
        group,
        verdicts.Count,
        verdicts.Count(v => v.AgreesWithVote),
        verdicts.Count(v => v.AgreesWithOracle is not null),
        verdicts.Count(v => v.AgreesWithOracle == true));
}
