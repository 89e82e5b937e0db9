using Feedback.Training.Images.Preference;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Images.Preference;

public sealed class DiffusionDpoLossTests
{
    [Fact]
    public void The_loss_is_ln_2_when_the_policy_denoises_exactly_as_the_reference()
    {
        using var winner = tensor(new[] { 0.3f, 1.2f, 0.05f });
        using var loser = tensor(new[] { 0.9f, 0.4f, 2.0f });

        var (loss, margin) = DiffusionDpoLoss.Compute(winner, loser, winner, loser, beta: 2000);

        using (loss)
        using (margin)
        {
            foreach (var value in loss.data<float>().ToArray())
            {
                value.ShouldBe((float)Math.Log(2), 1e-6f);
            }

            margin.abs().max().item<float>().ShouldBe(0f);
        }
    }

    [Fact]
    public void The_options_name_the_loss_before_training_for_any_beta()
    {
        using var winner = tensor(new[] { 0.3f, 1.2f });
        using var loser = tensor(new[] { 0.9f, 0.4f });
        var options = new DiffusionDpoOptions { Beta = 500 };

        var (loss, margin) = DiffusionDpoLoss.Compute(winner, loser, winner, loser, options.Beta);

        using (loss)
        using (margin)
        {
            loss.mean().item<float>().ShouldBe((float)options.LossBeforeTraining, 1e-6f);
        }
    }

    [Fact]
    public void The_loss_matches_the_formula_worked_by_hand()
    {
        // h = (0.5 - 0.6) - (0.7 - 0.65) = -0.15; margin = -(10 / 2) * h = 0.75; loss = ln(1 + e^-0.75) = 0.386871.
        using var policyWinner = tensor(new[] { 0.5f });
        using var policyLoser = tensor(new[] { 0.7f });
        using var referenceWinner = tensor(new[] { 0.6f });
        using var referenceLoser = tensor(new[] { 0.65f });

        var (loss, margin) = DiffusionDpoLoss.Compute(policyWinner, policyLoser, referenceWinner, referenceLoser, beta: 10);

        using (loss)
        using (margin)
        {
            margin.item<float>().ShouldBe(0.75f, 1e-5f);
            loss.item<float>().ShouldBe((float)Math.Log(1 + Math.Exp(-0.75)), 1e-5f);
        }
    }

    [Fact]
    public void A_policy_that_denoises_the_winner_worse_than_the_reference_pays_more_than_ln_2()
    {
        using var worse = tensor(new[] { 0.8f });
        using var reference = tensor(new[] { 0.5f });

        var (loss, _) = DiffusionDpoLoss.Compute(worse, reference, reference, reference, beta: 100);

        using (loss)
        {
            loss.item<float>().ShouldBeGreaterThan((float)Math.Log(2));
        }
    }

    [Fact]
    public void The_per_sample_error_is_the_mean_square_over_each_sample()
    {
        using var predicted = zeros(2, 1, 2, 2);
        using var noise = tensor(new[] { 1f, 1f, 1f, 1f, 2f, 0f, 0f, 0f }, [2, 1, 2, 2]);

        using var error = DiffusionDpoLoss.PerSampleError(predicted, noise);

        error.data<float>().ToArray().ShouldBe([1f, 1f]);
    }

    [Fact]
    public void Beta_must_be_positive()
    {
        using var value = tensor(new[] { 0.5f });

        Should.Throw<ArgumentOutOfRangeException>(() => DiffusionDpoLoss.Compute(value, value, value, value, beta: 0));
    }
}
