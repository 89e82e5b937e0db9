namespace Feedback.Jobs.Simulation;

/// <summary>
/// A policy's answers against another's on the same prompts and seeds, as the noise-free oracle judges them. The win
/// rate counts decisive comparisons only; ties (equal quality, often both right) are reported beside it.
/// </summary>
public sealed record OracleComparison(int Answers, int Wins, int Losses, int Ties, double MeanScore, double OtherMeanScore, double Correct, double OtherCorrect)
{
    public double WinRate => Wins + Losses == 0 ? 0.5 : (double)Wins / (Wins + Losses);

    /// <summary>Ties counted half.</summary>
    public double WinRateWithTies => Answers == 0 ? 0.5 : (Wins + (0.5 * Ties)) / Answers;
}
