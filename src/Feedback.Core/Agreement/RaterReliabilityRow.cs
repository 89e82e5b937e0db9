namespace Feedback.Core.Agreement;

/// <summary>
/// How one rater votes in a project: volume, gold accuracy, side bias, consistency with themself, speed, and whether
/// they are paused (with the reason). Shares are NaN where there is nothing to measure them on.
/// </summary>
public sealed record RaterReliabilityRow(
    string RaterId,
    string UserName,
    long Votes,
    long SidedVotes,
    long LeftPicks,
    long GoldAnswered,
    long GoldCorrect,
    long SwapRepeats,
    long SwapConsistent,
    long Cycles,
    long TooFast,
    double MedianSeconds,
    long MajorityCompared,
    long MajorityAgreed,
    string? PauseReason,
    bool PausedAutomatically)
{
    /// <summary>Share of left picks among left-or-right votes; one half means no side bias.</summary>
    public double LeftShare => SidedVotes == 0 ? double.NaN : (double)LeftPicks / SidedVotes;

    public WilsonInterval LeftShareInterval => WilsonInterval.For(LeftPicks, SidedVotes);

    public double GoldAccuracy => GoldAnswered == 0 ? double.NaN : (double)GoldCorrect / GoldAnswered;

    public double SwapConsistency => SwapRepeats == 0 ? double.NaN : (double)SwapConsistent / SwapRepeats;

    public double TooFastShare => Votes == 0 ? double.NaN : (double)TooFast / Votes;

    public double MajorityAgreement => MajorityCompared == 0 ? double.NaN : (double)MajorityAgreed / MajorityCompared;

    public bool IsPaused => PauseReason is not null;
}
