using Feedback.Training.Text.Preference;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Preference;

public sealed class PreferenceLossesTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Dpo_loss_is_ln_2_when_the_policy_equals_the_reference()
    {
        using var scope = NewDisposeScope();
        var chosen = Values(-12.5, -3.0);
        var rejected = Values(-7.25, -9.0);

        var loss = PreferenceLosses.Dpo(chosen, rejected, chosen, rejected, beta: 0.1);

        Read(loss).ShouldAllBe(value => Math.Abs(value - Math.Log(2)) < Tolerance);
    }

    [Fact]
    public void Dpo_loss_matches_the_hand_computed_value()
    {
        using var scope = NewDisposeScope();
        // h = (pc - rc) - (pr - rr) = (-10 - -12) - (-9 - -8) = 2 - (-1) = 3; beta h = 0.5 * 3 = 1.5
        // loss = -log sigmoid(1.5) = log(1 + e^-1.5) = log(1.2231302) = 0.2014133
        var loss = PreferenceLosses.Dpo(Values(-10), Values(-9), Values(-12), Values(-8), beta: 0.5);

        Read(loss)[0].ShouldBe(0.2014133, Tolerance);
    }

    [Fact]
    public void Robust_dpo_mixes_in_the_loss_of_the_flipped_label()
    {
        using var scope = NewDisposeScope();
        // beta h = 1.5 as above, eps = 0.1:
        // 0.9 * log(1 + e^-1.5) + 0.1 * log(1 + e^1.5) = 0.9 * 0.2014133 + 0.1 * 1.7014133 = 0.1812720 + 0.1701413 = 0.3514133
        var loss = PreferenceLosses.Dpo(Values(-10), Values(-9), Values(-12), Values(-8), beta: 0.5, labelSmoothing: 0.1);

        Read(loss)[0].ShouldBe(0.3514133, Tolerance);
    }

    [Fact]
    public void Ipo_loss_is_one_over_four_beta_squared_when_the_policy_equals_the_reference()
    {
        using var scope = NewDisposeScope();
        var chosen = Values(-12.5, -3.0);
        var rejected = Values(-7.25, -9.0);

        // h = 0, so (0 - 1/(2 beta))^2 = 1/(4 beta^2) = 1/(4 * 0.01) = 25
        var loss = PreferenceLosses.Ipo(chosen, rejected, chosen, rejected, Values(5, 2), Values(4, 3), beta: 0.1);

        Read(loss).ShouldAllBe(value => Math.Abs(value - 25) < 1e-4);
    }

    [Theory]
    [InlineData(DpoLoss.Sigmoid)]
    [InlineData(DpoLoss.Robust)]
    [InlineData(DpoLoss.Ipo)]
    public void The_options_name_the_loss_each_kind_has_before_training(DpoLoss kind)
    {
        using var scope = NewDisposeScope();
        var options = new DpoOptions { Loss = kind, Beta = 0.2, LabelSmoothing = 0.1 };
        var chosen = Values(-12.5, -3.0);
        var rejected = Values(-7.25, -9.0);

        var loss = PreferenceLosses.Of(options, chosen, rejected, chosen, rejected, Values(5, 2), Values(4, 3));

        Read(loss).ShouldAllBe(value => Math.Abs(value - options.LossBeforeTraining) < 1e-4);
    }

    [Fact]
    public void Ipo_loss_normalizes_the_log_ratios_by_answer_length()
    {
        using var scope = NewDisposeScope();
        // h = (-10 - -12) / 4 - (-9 - -8) / 2 = 0.5 + 0.5 = 1; 1/(2 beta) = 1/(2 * 0.25) = 2; loss = (1 - 2)^2 = 1
        var loss = PreferenceLosses.Ipo(Values(-10), Values(-9), Values(-12), Values(-8), Values(4), Values(2), beta: 0.25);

        Read(loss)[0].ShouldBe(1.0, Tolerance);
    }

    [Fact]
    public void Bradley_terry_loss_matches_hand_values_with_and_without_a_margin()
    {
        using var scope = NewDisposeScope();
        // Without margin: -log sigmoid(2 - 1) = log(1 + e^-1) = 0.3132617; equal rewards give log 2 = 0.6931472.
        var plain = PreferenceLosses.BradleyTerry(Values(2, 0.5), Values(1, 0.5));
        // With margin 1.5 on the first pair: -log sigmoid(2 - 1 - 1.5) = log(1 + e^0.5) = 0.9740770.
        var withMargin = PreferenceLosses.BradleyTerry(Values(2, 0.5), Values(1, 0.5), Values(1.5, 0));

        Read(plain)[0].ShouldBe(0.3132617, Tolerance);
        Read(plain)[1].ShouldBe(0.6931472, Tolerance);
        Read(withMargin)[0].ShouldBe(0.9740770, Tolerance);
        Read(withMargin)[1].ShouldBe(0.6931472, Tolerance);
    }

    private static Tensor Values(params double[] values) => tensor(values.Select(v => (float)v).ToArray());

    private static double[] Read(Tensor values) => values.data<float>().Select(v => (double)v).ToArray();
}
