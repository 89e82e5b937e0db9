using Feedback.Sampling.Text;

namespace Feedback.UnitTests.Sampling.Text;

public sealed class TokenSamplerTests
{
    private static readonly float[] Logits = [0.5f, 2f, -1f, 1.9f, 0f];

    [Fact]
    public void Greedy_picks_the_argmax()
    {
        TokenSampler.Greedy(Logits).ShouldBe(1);
    }

    [Fact]
    public void Greedy_picks_the_lowest_id_among_equal_maxima()
    {
        TokenSampler.Greedy([0f, 3f, 1f, 3f]).ShouldBe(1);
    }

    [Fact]
    public void Temperature_zero_samples_greedily_whatever_the_random_stream()
    {
        var settings = new GenerationSettings { Temperature = 0f, TopK = 3, TopP = 0.5f };

        Enumerable.Range(0, 20).Select(seed => TokenSampler.Sample(Logits, settings, new Random(seed))).ShouldAllBe(token => token == 1);
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws()
    {
        var settings = new GenerationSettings { Temperature = 1.5f, TopP = 1f };

        var first = Draws(settings, seed: 42, count: 200);
        var second = Draws(settings, seed: 42, count: 200);

        second.ShouldBe(first);
        Draws(settings, seed: 43, count: 200).ShouldNotBe(first);
    }

    [Fact]
    public void Draws_never_leave_the_filtered_set()
    {
        var settings = new GenerationSettings { Temperature = 5f, TopK = 2, TopP = 1f };

        Draws(settings, seed: 7, count: 500).Distinct().Order().ShouldBe([1, 3]);
    }

    [Fact]
    public void Draw_frequencies_follow_the_probabilities()
    {
        double[] probabilities = [0.1, 0, 0.6, 0.3];
        var random = new Random(3);
        var counts = new int[probabilities.Length];
        const int draws = 20_000;
        for (var i = 0; i < draws; i++)
        {
            counts[TokenSampler.Draw(probabilities, random)]++;
        }

        counts[1].ShouldBe(0);
        for (var token = 0; token < probabilities.Length; token++)
        {
            ((double)counts[token] / draws).ShouldBe(probabilities[token], tolerance: 0.015);
        }
    }

    [Fact]
    public void A_draw_uses_exactly_one_number_from_the_random_stream()
    {
        var random = new Random(11);
        TokenSampler.Draw([0.5, 0.5], random);

        random.NextDouble().ShouldBe(SecondNumber(11));
    }

    [Fact]
    public void Log_probability_is_the_log_softmax_at_temperature_one()
    {
        var expected = Logits[3] - Math.Log(Logits.Sum(l => Math.Exp(l)));

        TokenSampler.LogProbability(Logits, 3).ShouldBe(expected, tolerance: 1e-9);
    }

    [Fact]
    public void Log_probability_stays_finite_for_large_logits()
    {
        TokenSampler.LogProbability([1000f, 1000f], 0).ShouldBe(-Math.Log(2), tolerance: 1e-12);
    }

    private static int[] Draws(GenerationSettings settings, int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => TokenSampler.Sample(Logits, settings, random)).ToArray();
    }

    private static double SecondNumber(int seed)
    {
        var random = new Random(seed);
        random.NextDouble();
        return random.NextDouble();
    }
}
