using Feedback.Jobs.Simulation;

namespace Feedback.UnitTests.Jobs;

public sealed class GroupAccuracyTests
{
    [Fact]
    public void Verdicts_are_counted_per_group_in_name_order_then_for_all_and_oracle_ties_are_left_out_of_its_share()
    {
        var rows = GroupAccuracy.Tally(
        [
            ("facts", true, true),
            ("arithmetic", false, false),
            ("arithmetic", true, null),
            ("facts", false, true),
            ("arithmetic", true, true),
        ]);

        rows.Select(r => r.Group).ShouldBe(["arithmetic", "facts", GroupAccuracy.All]);
        var arithmetic = rows[0];
        (arithmetic.Pairs, arithmetic.AgreeWithVotes, arithmetic.OracleDecided, arithmetic.AgreeWithOracle).ShouldBe((3, 2, 2, 1));
        arithmetic.WithVotes.ShouldBe(2.0 / 3, 1e-12);
        arithmetic.WithOracle.ShouldBe(0.5, 1e-12);
        var facts = rows[1];
        facts.WithVotes.ShouldBe(0.5, 1e-12);
        facts.WithOracle.ShouldBe(1.0, 1e-12);
        var all = rows[2];
        (all.Pairs, all.AgreeWithVotes, all.OracleDecided, all.AgreeWithOracle).ShouldBe((5, 3, 4, 3));
    }

    [Fact]
    public void No_verdicts_give_an_empty_all_row_whose_shares_are_not_numbers()
    {
        var all = GroupAccuracy.Tally([]).ShouldHaveSingleItem();

        all.Group.ShouldBe(GroupAccuracy.All);
        all.Pairs.ShouldBe(0);
        double.IsNaN(all.WithVotes).ShouldBeTrue();
        double.IsNaN(all.WithOracle).ShouldBeTrue();
    }
}
