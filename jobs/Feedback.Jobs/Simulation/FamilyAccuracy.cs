namespace Feedback.Jobs.Simulation;

/// <summary>
/// A reward model's verdicts on held-out pairs of one prompt family: how often it ranks the pair as the (noisy) vote did,
/// and as the noise-free oracle does where the oracle is not indifferent.
/// </summary>
public sealed record FamilyAccuracy(string Family, int Pairs, int AgreeWithVotes, int OracleDecided, int AgreeWithOracle)
{
    public const string AllFamilies = "all";

    public double WithVotes => Pairs == 0 ? double.NaN : (double)AgreeWithVotes / Pairs;

    public double WithOracle => OracleDecided == 0 ? double.NaN : (double)AgreeWithOracle / OracleDecided;

    /// <summary>One row per family, by name, then <see cref="AllFamilies"/>.</summary>
    /// <param name="verdicts">Per pair: its family, whether the model agrees with the vote, and with the oracle (null where the oracle sees a tie).</param>
    public static IReadOnlyList<FamilyAccuracy> Tally(IEnumerable<(string Family, bool AgreesWithVote, bool? AgreesWithOracle)> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var all = verdicts.ToList();
        return all.GroupBy(v => v.Family)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.ToList()))
            .Append(Row(AllFamilies, all))
            .ToList();
    }

    private static FamilyAccuracy Row(string family, List<(string Family, bool AgreesWithVote, bool? AgreesWithOracle)> verdicts) => new(
        family,
        verdicts.Count,
        verdicts.Count(v => v.AgreesWithVote),
        verdicts.Count(v => v.AgreesWithOracle is not null),
        verdicts.Count(v => v.AgreesWithOracle == true));
}
