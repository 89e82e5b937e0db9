using Feedback.Core.Leaderboard;

namespace Feedback.UnitTests.Leaderboard;

public sealed class LeaderboardMathTests
{
    [Fact]
    public void Two_players_are_rated_apart_by_the_log_odds_of_their_record()
    {
        // A beat B 3 times in 4: with the 0.1 virtual win each way the odds are 3.1 to 1.1.
        var ratings = BradleyTerry.Fit(new double[,] { { 0, 3 }, { 1, 0 } });

        (ratings[0] - ratings[1]).ShouldBe(400 * Math.Log10(3.1 / 1.1), 1e-6);
        (ratings[0] + ratings[1]).ShouldBe(2 * BradleyTerry.Centre, 1e-6);
    }

    [Fact]
    public void A_consistent_order_of_three_is_recovered_and_an_unbeaten_player_stays_finite()
    {
        var wins = new double[,] { { 0, 8, 10 }, { 2, 0, 7 }, { 0, 3, 0 } };

        var ratings = BradleyTerry.Fit(wins);

        ratings[0].ShouldBeGreaterThan(ratings[1]);
        ratings[1].ShouldBeGreaterThan(ratings[2]);
        ratings.ShouldAllBe(r => double.IsFinite(r));
    }

    [Fact]
    public void Elo_moves_two_equal_players_sixteen_points_apart_after_one_game()
    {
        var elo = new EloRatings();

        elo.Add(0, 1, 1);

        elo.Ratings.ShouldBe([1016, 984]);
    }

    [Fact]
    public void Bootstrap_intervals_contain_the_fit_and_narrow_with_more_battles()
    {
        var few = new double[,] { { 0, 6 }, { 4, 0 } };
        var many = new double[,] { { 0, 600 }, { 400, 0 } };

        var fitFew = BradleyTerry.Fit(few);
        var narrow = LeaderboardBootstrap.Intervals(many);
        var wide = LeaderboardBootstrap.Intervals(few);

        wide[0].Low.ShouldBeLessThan(fitFew[0]);
        wide[0].High.ShouldBeGreaterThan(fitFew[0]);
        (narrow[0].High - narrow[0].Low).ShouldBeLessThan((wide[0].High - wide[0].Low) / 3);
        LeaderboardBootstrap.Intervals(few).ShouldBe(wide, "a fixed seed gives the same intervals");
    }
}
