namespace Feedback.Sampling.Text;

/// <summary>
/// The distribution a token is drawn from, made from one position's logits as Hugging Face's samplers make it:
/// divide by the temperature, keep the top k, then keep the smallest most-likely set whose probability reaches top p,
/// each filter renormalizing what is left.
/// </summary>
public static class SamplingDistribution
{
    // Summing probabilities in another order can fall short of a threshold they reach exactly.
    private const double CumulativeTolerance = 1e-12;

    /// <param name="temperature">Above 0; greedy decoding takes no distribution.</param>
    /// <param name="topK">0 keeps every token.</param>
    /// <param name="topP">In (0, 1]; 1 keeps every token.</param>
    /// <returns>One probability per token, 0 for those filtered out, summing to 1.</returns>
    public static double[] Probabilities(ReadOnlySpan<float> logits, float temperature, int topK, float topP)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("There are no logits to sample from.", nameof(logits));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        if (!(topP > 0f && topP <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(topP), topP, "TopP must be above 0 and at most 1.");
        }

        var scaled = Scale(logits, temperature);
        var filtersTopK = topK > 0 && topK < scaled.Length;
        var ranked = filtersTopK || topP < 1f ? RankDescending(scaled) : AllTokens(scaled.Length);
        var kept = filtersTopK ? topK : ranked.Length;

        var probabilities = new double[scaled.Length];
        var total = Exponentiate(scaled, ranked.AsSpan(0, kept), probabilities);
        if (topP < 1f)
        {
            kept = NucleusSize(probabilities, ranked.AsSpan(0, kept), total, topP);
            Array.Clear(probabilities);
            total = Exponentiate(scaled, ranked.AsSpan(0, kept), probabilities);
        }

        foreach (var token in ranked.AsSpan(0, kept))
        {
            probabilities[token] /= total;
        }

        return probabilities;
    }

    private static double[] Scale(ReadOnlySpan<float> logits, float temperature)
    {
        var scaled = new double[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            if (float.IsNaN(logits[i]) || float.IsPositiveInfinity(logits[i]))
            {
                throw new ArgumentException($"Logit {i} is {logits[i]}; the model's output cannot be sampled.", nameof(logits));
            }

            scaled[i] = (double)logits[i] / temperature;
        }

        return scaled;
    }

    private static int[] AllTokens(int count)
    {
        var tokens = new int[count];
        for (var i = 0; i < count; i++)
        {
            tokens[i] = i;
        }

        return tokens;
    }

    /// <summary>Token ids from most to least likely; ties go to the lower id so that the order is fully defined.</summary>
    private static int[] RankDescending(double[] scaled)
    {
        var ranked = AllTokens(scaled.Length);
        var keys = new double[scaled.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = -scaled[i];
        }

        // Sorting primitive keys is several times faster than a comparison delegate over a large vocabulary;
        // only the runs of equal values then need ordering by id.
        Array.Sort(keys, ranked);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(ranked, start, end - start);
            }

            start = end;
        }

        return ranked;
    }

    /// <summary>Writes exp(logit - max) for the kept tokens and returns their sum.</summary>
    private static double Exponentiate(double[] scaled, ReadOnlySpan<int> kept, double[] weights)
    {
        var max = double.NegativeInfinity;
        foreach (var token in kept)
        {
            max = Math.Max(max, scaled[token]);
        }

        if (double.IsNegativeInfinity(max))
        {
            throw new ArgumentException("Every logit is minus infinity; the model's output cannot be sampled.");
        }

        var total = 0.0;
        foreach (var token in kept)
        {
            weights[token] = Math.Exp(scaled[token] - max);
            total += weights[token];
        }

        return total;
    }

    private static int NucleusSize(double[] weights, ReadOnlySpan<int> ranked, double total, float topP)
    {
        var cumulative = 0.0;
        for (var i = 0; i < ranked.Length; i++)
        {
            cumulative += weights[ranked[i]] / total;
            if (cumulative + CumulativeTolerance >= topP)
            {
                return i + 1;
            }
        }

        return ranked.Length;
    }
}
