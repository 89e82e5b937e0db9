namespace Feedback.Sampling.Text;

/// <summary>Picks the next token from one position's logits, and scores a token under the model's own distribution.</summary>
public static class TokenSampler
{
    /// <summary>The most likely token under <paramref name="settings"/> = greedy, otherwise a draw from the filtered distribution.</summary>
    public static int Sample(ReadOnlySpan<float> logits, GenerationSettings settings, Random random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        return settings.IsGreedy
            ? Greedy(logits)
            : Draw(SamplingDistribution.Probabilities(logits, settings.Temperature, settings.TopK, settings.TopP), random);
    }

    /// <summary>The highest logit's token; the lowest such id on ties.</summary>
    public static int Greedy(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("There are no logits to choose from.", nameof(logits));
        }

        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Draws one token with the given probabilities, using exactly one number from <paramref name="random"/>.</summary>
    public static int Draw(ReadOnlySpan<double> probabilities, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var total = 0.0;
        var last = -1;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] > 0)
            {
                total += probabilities[i];
                last = i;
            }
        }

        if (last < 0)
        {
            throw new ArgumentException("No token has a positive probability.", nameof(probabilities));
        }

        var threshold = random.NextDouble() * total;
        var cumulative = 0.0;
        for (var i = 0; i < last; i++)
        {
            cumulative += probabilities[i];
            if (probabilities[i] > 0 && threshold < cumulative)
            {
                return i;
            }
        }

        // Rounding can leave the threshold just past the last partial sum; the last possible token takes it.
        return last;
    }

    /// <summary>log softmax(logits)[token] at temperature 1, computed in double precision.</summary>
    public static double LogProbability(ReadOnlySpan<float> logits, int token)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(token, logits.Length);
        double max = logits[0];
        for (var i = 1; i < logits.Length; i++)
        {
            max = Math.Max(max, logits[i]);
        }

        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }

        return logits[token] - max - Math.Log(sum);
    }
}
