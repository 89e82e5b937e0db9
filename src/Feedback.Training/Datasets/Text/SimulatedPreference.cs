namespace Feedback.Training.Datasets.Text;

/// <summary>
/// A simulated rater who prefers the answer with the higher <see cref="AnswerQuality.Score"/> (or any higher score) and, with probability
/// <c>noise</c>, gets a decisive pick the wrong way round. Everything it decides depends only on its arguments and the
/// state of the given <see cref="Random"/>, so a seeded generator replays the same picks.
/// </summary>
/// <remarks>
/// Equal scores are a tie, and noise leaves a tie a tie: a rater who cannot tell two answers apart says so rather
/// than guessing. Every noisy call draws the same number of random values whatever the answers, so the picks of one
/// comparison never shift those of the next.
/// </remarks>
public static class SimulatedPreference
{
    public static PreferredAnswer Prefer(AnswerQuality first, AnswerQuality second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Prefer(first.Score, second.Score);
    }

    public static PreferredAnswer Prefer(AnswerQuality first, AnswerQuality second, double noise, Random rng)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Prefer(first.Score, second.Score, noise, rng);
    }

    /// <summary>The answers' indexes from best to worst; equal scores keep the order given.</summary>
    public static IReadOnlyList<int> Rank(IReadOnlyList<AnswerQuality> answers) => Rank(Scores(answers));

    public static IReadOnlyList<int> Rank(IReadOnlyList<AnswerQuality> answers, double noise, Random rng) => Rank(Scores(answers), noise, rng);

    /// <summary>The same preference over plain scores (higher is better), for judges other than the corpus's.</summary>
    public static PreferredAnswer Prefer(double first, double second) => first.CompareTo(second) switch
    {
        > 0 => PreferredAnswer.First,
        < 0 => PreferredAnswer.Second,
        _ => PreferredAnswer.Tie,
    };

    public static PreferredAnswer Prefer(double first, double second, double noise, Random rng)
    {
        CheckNoise(noise, rng);
        var flip = rng.NextDouble() < noise;
        return Prefer(first, second) switch
        {
            PreferredAnswer.First when flip => PreferredAnswer.Second,
            PreferredAnswer.Second when flip => PreferredAnswer.First,
            var pick => pick,
        };
    }

    public static IReadOnlyList<int> Rank(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToList();
    }

    /// <summary>
    /// The answers' indexes from best to worst, as a noisy rater would order them: one pass down the true order, where
    /// each two neighbours whose scores differ swap with probability <paramref name="noise"/>. A swapped answer is
    /// compared again with the next one down, so a poor pick can sink more than one place, as when a person slips.
    /// </summary>
    public static IReadOnlyList<int> Rank(IReadOnlyList<double> scores, double noise, Random rng)
    {
        CheckNoise(noise, rng);
        var order = Rank(scores).ToArray();
        for (var i = 0; i + 1 < order.Length; i++)
        {
            var flip = rng.NextDouble() < noise;
            if (flip && scores[order[i]] != scores[order[i + 1]])
            {
                (order[i], order[i + 1]) = (order[i + 1], order[i]);
            }
        }

        return order;
    }

    private static List<double> Scores(IReadOnlyList<AnswerQuality> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return answers.Select(a => (double)a.Score).ToList();
    }

    private static void CheckNoise(double noise, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(noise is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "Noise is a probability, from 0 to 1.");
        }
    }
}
