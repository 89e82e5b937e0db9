using Feedback.Jobs.Training;

namespace Feedback.UnitTests.Jobs;

public class RunOutcomeTests
{
    private static readonly double Ln2 = Math.Log(2);

    [Fact]
    public void A_held_out_loss_above_its_starting_value_is_named_with_both_values()
    {
        var warning = RunOutcome.HeldOutLossWarning(new Dictionary<string, double> { ["eval/loss"] = 2.6109, ["eval/implicit_accuracy"] = 0.49 }, Ln2);

        Assert.NotNull(warning);
        Assert.Contains("2.611", warning, StringComparison.Ordinal);
        Assert.Contains("0.693", warning, StringComparison.Ordinal);
        Assert.Contains("does not carry to held-out pairs", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.6931)]
    [InlineData(double.NaN)]
    public void A_held_out_loss_at_or_below_its_starting_value_gives_no_warning(double loss)
    {
        Assert.Null(RunOutcome.HeldOutLossWarning(new Dictionary<string, double> { ["eval/loss"] = loss }, Ln2));
    }

    [Fact]
    public void Metrics_without_a_held_out_loss_give_no_warning()
    {
        Assert.Null(RunOutcome.HeldOutLossWarning(new Dictionary<string, double> { ["eval/reward"] = 18.6 }, Ln2));
    }
}
