using Feedback.Core.Domain;
using Feedback.Core.Rating;

namespace Feedback.UnitTests.Core;

public sealed class ImpliedPreferencesTests
{
    [Fact]
    public void A_ranking_of_three_implies_three_pairs_each_winner_above_its_loser()
    {
        var pairs = ImpliedPreferences.FromRanking([30, 10, 20]);

        pairs.ShouldBe([new Preference(30, 10), new Preference(30, 20), new Preference(10, 20)]);
    }

    [Fact]
    public void A_ranking_of_four_implies_six_pairs_consistent_with_the_order()
    {
        long[] ranking = [4, 3, 2, 1];

        var pairs = ImpliedPreferences.FromRanking(ranking);

        pairs.Count.ShouldBe(6);
        pairs.ShouldAllBe(p => Array.IndexOf(ranking, p.WinnerId) < Array.IndexOf(ranking, p.LoserId));
        pairs.Distinct().Count().ShouldBe(6);
    }

    [Theory]
    [InlineData(VoteChoice.Left, 7L, 9L)]
    [InlineData(VoteChoice.Right, 9L, 7L)]
    public void A_pairwise_choice_implies_the_chosen_side_wins(VoteChoice choice, long winner, long loser)
    {
        var vote = new Vote { RaterId = "r", ShownOrder = [7, 9], Choice = choice };

        ImpliedPreferences.FromVote(vote).ShouldBe([new Preference(winner, loser)]);
    }

    [Theory]
    [InlineData(VoteChoice.Tie)]
    [InlineData(VoteChoice.BothBad)]
    public void Ties_and_both_bad_imply_no_preference(VoteChoice choice)
    {
        var vote = new Vote { RaterId = "r", ShownOrder = [7, 9], Choice = choice };

        ImpliedPreferences.FromVote(vote).ShouldBeEmpty();
    }

    [Fact]
    public void A_ranking_vote_expands_its_stored_ranking_not_the_shown_order()
    {
        var vote = new Vote { RaterId = "r", ShownOrder = [1, 2, 3], Ranking = [3, 1, 2] };

        ImpliedPreferences.FromVote(vote).ShouldContain(new Preference(3, 1));
        ImpliedPreferences.FromVote(vote).ShouldNotContain(new Preference(1, 3));
    }
}
