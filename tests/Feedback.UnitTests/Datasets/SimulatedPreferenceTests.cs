using Feedback.Training.Datasets.Text;

namespace Feedback.UnitTests.Datasets;

public sealed class SimulatedPreferenceTests
{
    private static readonly AnswerQuality Rude = new(Correct: true, Polite: false, Concise: true, OnTopic: true);
    private static readonly AnswerQuality Rambling = new(Correct: true, Polite: true, Concise: false, OnTopic: true);
    private static readonly AnswerQuality Wrong = new(Correct: false, Polite: true, Concise: true, OnTopic: true);

    [Fact]
    public void Without_noise_the_higher_score_always_wins_and_equal_scores_tie()
    {
        var rng = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            SimulatedPreference.Prefer(AnswerQuality.Ideal, Wrong, noise: 0, rng).ShouldBe(PreferredAnswer.First);
            SimulatedPreference.Prefer(Wrong, Rude, noise: 0, rng).ShouldBe(PreferredAnswer.Second);
            SimulatedPreference.Prefer(Rude, Rambling, noise: 0, rng).ShouldBe(PreferredAnswer.Tie);
            SimulatedPreference.Rank([Wrong, AnswerQuality.Ideal, Rude], noise: 0, rng).ShouldBe([1, 2, 0]);
        }

        SimulatedPreference.Prefer(AnswerQuality.Ideal, Wrong).ShouldBe(PreferredAnswer.First);
        SimulatedPreference.Rank([Wrong, Rude, AnswerQuality.Ideal, Rambling]).ShouldBe([2, 1, 3, 0]);
    }

    [Fact]
    public void With_noise_a_fifth_of_decisive_picks_flip_and_ties_stay_ties()
    {
        var rng = new Random(2);
        const int Draws = 20_000;

        var flipped = Enumerable.Range(0, Draws).Count(_ => SimulatedPreference.Prefer(AnswerQuality.Ideal, Wrong, 0.2, rng) == PreferredAnswer.Second);
        var ties = Enumerable.Range(0, 1000).Count(_ => SimulatedPreference.Prefer(Rude, Rambling, 0.2, rng) == PreferredAnswer.Tie);

        ((double)flipped / Draws).ShouldBeInRange(0.19, 0.21);
        ties.ShouldBe(1000);
    }

    [Fact]
    public void A_noisy_ranking_swaps_neighbours_at_the_noise_rate()
    {
        var rng = new Random(3);
        const int Draws = 20_000;
        AnswerQuality[] answers = [Wrong, AnswerQuality.Ideal];

        var swapped = Enumerable.Range(0, Draws).Count(_ => SimulatedPreference.Rank(answers, 0.2, rng)[0] == 0);
        var tied = SimulatedPreference.Rank([Rude, Rambling, Rude], 1.0, rng);

        ((double)swapped / Draws).ShouldBeInRange(0.19, 0.21);
        tied.ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void The_same_seed_replays_the_same_picks()
    {
        AnswerQuality[] answers = [Wrong, AnswerQuality.Ideal, Rude, Rambling];
        var first = new Random(9);
        var second = new Random(9);

        var a = Enumerable.Range(0, 100).Select(_ => SimulatedPreference.Rank(answers, 0.3, first)).ToList();
        var b = Enumerable.Range(0, 100).Select(_ => SimulatedPreference.Rank(answers, 0.3, second)).ToList();

        a.ShouldBe(b);
        a.Select(r => string.Join(',', r)).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Noise_outside_zero_to_one_is_refused(double noise) =>
        Should.Throw<ArgumentOutOfRangeException>(() => SimulatedPreference.Prefer(AnswerQuality.Ideal, Wrong, noise, new Random(1)));
}
