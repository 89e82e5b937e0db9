using Feedback.Core.Agreement;

namespace Feedback.UnitTests.Agreement;

public sealed class CohenKappaTests
{
    [Fact]
    public void Kappa_of_the_published_grant_proposal_example_is_0_4()
    {
        // Wikipedia's "Cohen's kappa": 50 proposals; both yes 20, A yes B no 5, A no B yes 10, both no 15.
        long[,] confusion = { { 20, 5 }, { 10, 15 } };

        CohenKappa.FromConfusion(confusion).ShouldBe(0.4, 1e-12);
    }

    [Fact]
    public void Kappa_is_zero_when_agreement_is_what_chance_predicts()
    {
        long[,] confusion = { { 25, 25 }, { 25, 25 } };

        CohenKappa.FromConfusion(confusion).ShouldBe(0, 1e-12);
    }

    [Fact]
    public void Kappa_is_undefined_when_both_raters_always_give_the_same_single_label()
    {
        long[,] confusion = { { 9, 0 }, { 0, 0 } };

        double.IsNaN(CohenKappa.FromConfusion(confusion)).ShouldBeTrue();
    }

    [Fact]
    public void Pairs_below_the_shared_item_minimum_are_left_out()
    {
        var pairs = new PairConfusions(2);
        pairs.Add("b", "a", 0, 1, items: 3);
        pairs.Add("a", "c", 0, 0, items: 12);

        var agreements = pairs.Agreements(minSharedItems: 10);

        agreements.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.RaterA.ShouldBe("a"),
            p => p.RaterB.ShouldBe("c"),
            p => p.SharedItems.ShouldBe(12),
            p => p.PercentAgreement.ShouldBe(1));
    }
}
