using Feedback.Sampling.Text;

namespace Feedback.UnitTests.Sampling.Text;

public sealed class SamplingDistributionTests
{
    // Softmax of these at temperature 1: 0.6439, 0.2369, 0.0871, 0.0321 (rounded).
    private static readonly float[] Logits = [3f, 2f, 1f, 0f];

    [Fact]
    public void Without_filters_the_distribution_is_the_softmax_of_the_logits()
    {
        var probabilities = SamplingDistribution.Probabilities(Logits, temperature: 1f, topK: 0, topP: 1f);

        probabilities.ShouldBe(Softmax(Logits), tolerance: 1e-12);
        probabilities.Sum().ShouldBe(1.0, tolerance: 1e-12);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(2f)]
    public void Temperature_divides_the_logits_before_the_softmax(float temperature)
    {
        var probabilities = SamplingDistribution.Probabilities(Logits, temperature, topK: 0, topP: 1f);

        probabilities.ShouldBe(Softmax(Logits.Select(l => l / temperature).ToArray()), tolerance: 1e-12);
    }

    [Fact]
    public void A_lower_temperature_sharpens_the_distribution_and_a_higher_one_flattens_it()
    {
        var cold = SamplingDistribution.Probabilities(Logits, 0.5f, 0, 1f);
        var warm = SamplingDistribution.Probabilities(Logits, 2f, 0, 1f);

        cold[0].ShouldBeGreaterThan(Softmax(Logits)[0]);
        warm[0].ShouldBeLessThan(Softmax(Logits)[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Top_k_keeps_exactly_the_k_most_likely_tokens_renormalized(int k)
    {
        var probabilities = SamplingDistribution.Probabilities(Logits, 1f, topK: k, topP: 1f);

        probabilities.Count(p => p > 0).ShouldBe(k);
        probabilities.Take(k).ShouldAllBe(p => p > 0);
        probabilities.Take(k).ToArray().ShouldBe(Softmax(Logits.Take(k).ToArray()), tolerance: 1e-12);
    }

    [Fact]
    public void Top_k_larger_than_the_vocabulary_keeps_everything()
    {
        SamplingDistribution.Probabilities(Logits, 1f, topK: 10, topP: 1f).ShouldBe(Softmax(Logits), tolerance: 1e-12);
    }

    [Theory]
    [InlineData(0.5f, 1)]
    [InlineData(0.64f, 1)]
    [InlineData(0.65f, 2)]
    [InlineData(0.88f, 2)]
    [InlineData(0.89f, 3)]
    [InlineData(0.99f, 4)]
    public void Top_p_keeps_the_smallest_most_likely_set_whose_probability_reaches_p(float topP, int expectedKept)
    {
        var probabilities = SamplingDistribution.Probabilities(Logits, 1f, topK: 0, topP: topP);

        probabilities.Count(p => p > 0).ShouldBe(expectedKept);
        probabilities.Take(expectedKept).ToArray().ShouldBe(Softmax(Logits.Take(expectedKept).ToArray()), tolerance: 1e-12);
    }

    [Fact]
    public void Top_p_reached_exactly_does_not_take_one_more_token()
    {
        // Probabilities 0.5, 0.25, 0.25: the first two reach 0.75 exactly.
        float[] logits = [MathF.Log(2f), 0f, 0f];

        SamplingDistribution.Probabilities(logits, 1f, 0, 0.75f).Count(p => p > 0).ShouldBe(2);
    }

    [Fact]
    public void Top_p_applies_to_what_top_k_left_renormalized()
    {
        // After top-2 the first token has 0.731 of the mass: p = 0.7 keeps it alone, though over all four tokens it has only 0.644.
        var probabilities = SamplingDistribution.Probabilities(Logits, 1f, topK: 2, topP: 0.7f);

        probabilities.ShouldBe([1.0, 0, 0, 0]);
    }

    [Fact]
    public void Temperature_applies_before_top_p()
    {
        // At temperature 0.25 the first token has 0.98 of the mass, so p = 0.95 keeps it alone; at 1 it would keep three.
        SamplingDistribution.Probabilities(Logits, 0.25f, 0, 0.95f).Count(p => p > 0).ShouldBe(1);
        SamplingDistribution.Probabilities(Logits, 1f, 0, 0.95f).Count(p => p > 0).ShouldBe(3);
    }

    [Fact]
    public void Ties_at_the_top_k_boundary_keep_the_lower_token_id()
    {
        SamplingDistribution.Probabilities([1f, 2f, 2f, 0f], 1f, topK: 1, topP: 1f).ShouldBe([0, 1.0, 0, 0]);
    }

    [Fact]
    public void Minus_infinity_logits_get_no_probability()
    {
        var probabilities = SamplingDistribution.Probabilities([float.NegativeInfinity, 0f, 0f], 1f, 0, 1f);

        probabilities.ShouldBe([0, 0.5, 0.5], tolerance: 1e-12);
    }

    [Fact]
    public void Nan_logits_are_refused()
    {
        Should.Throw<ArgumentException>(() => SamplingDistribution.Probabilities([0f, float.NaN], 1f, 0, 1f));
    }

    [Theory]
    [InlineData(0f, 0, 1f)]
    [InlineData(1f, -1, 1f)]
    [InlineData(1f, 0, 0f)]
    [InlineData(1f, 0, 1.5f)]
    public void Settings_outside_their_range_are_refused(float temperature, int topK, float topP)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SamplingDistribution.Probabilities(Logits, temperature, topK, topP));
    }

    private static double[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exponentials = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exponentials.Sum();
        return exponentials.Select(e => e / sum).ToArray();
    }
}
