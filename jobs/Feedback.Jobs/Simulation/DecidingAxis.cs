using Feedback.Training.Datasets.Text;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// The quality axis on which the oracle's preference between two answers turns: "correct" where one is correct and the
/// other not (correctness outweighs the rest together), otherwise the axes they differ on, joined by " + ".
/// </summary>
public static class DecidingAxis
{
    public const string Tie = "none (oracle tie)";

    public static string Of(AnswerQuality first, AnswerQuality second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Score == second.Score)
        {
            return Tie;
        }

        if (first.Correct != second.Correct)
        {
            return "correct";
        }

        var differing = new List<string>(3);
        if (first.Polite != second.Polite)
        {
            differing.Add("polite");
        }

        if (first.Concise != second.Concise)
        {
            differing.Add("concise");
        }

        if (first.OnTopic != second.OnTopic)
        {
            differing.Add("on topic");
        }

        return string.Join(" + ", differing);
    }
}
