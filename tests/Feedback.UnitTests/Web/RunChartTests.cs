using Feedback.Web.Components.Pages.Training;
using static Feedback.Jobs.Training.TrainingOverview;

namespace Feedback.UnitTests.Web;

public sealed class RunChartTests
{
    private static readonly string[] NotCharted = ["learning_rate", "skipped_steps"];

    [Fact]
    public void An_image_reward_model_run_charts_loss_accuracy_and_margin_beside_their_held_out_values()
    {
        var charts = Charts("loss", "accuracy", "margin", "eval/loss", "eval/accuracy", "eval/margin", "learning_rate", "skipped_steps", "grad_norm");

        charts["Loss"].ShouldBe(["loss", "eval/loss"]);
        charts["Accuracy"].ShouldBe(["accuracy", "eval/accuracy"]);
        charts["Rewards"].ShouldBe(["margin", "eval/margin"]);
        charts["Gradient norm"].ShouldBe(["grad_norm"]);
    }

    [Fact]
    public void A_diffusion_dpo_run_charts_implicit_accuracy_and_the_four_denoising_errors_with_their_held_out_values_apart()
    {
        string[] logged = ["loss", "implicit_accuracy", "margin", "mse/policy_chosen", "mse/policy_rejected", "mse/reference_chosen", "mse/reference_rejected"];
        var charts = Charts([.. logged, .. logged.Select(n => "eval/" + n), "learning_rate", "skipped_steps", "grad_norm"]);

        charts["Accuracy"].ShouldBe(["implicit_accuracy", "eval/implicit_accuracy"]);
        charts["Denoising error"].ShouldBe(["mse/policy_chosen", "mse/policy_rejected", "mse/reference_chosen", "mse/reference_rejected"]);
        charts["Held-out denoising error"].ShouldBe(
            ["eval/mse/policy_chosen", "eval/mse/policy_rejected", "eval/mse/reference_chosen", "eval/mse/reference_rejected"]);
    }

    [Fact]
    public void A_ddpo_run_charts_its_rewards_and_the_size_of_its_updates()
    {
        var charts = Charts("loss", "reward_mean", "reward_std", "approx_kl", "clip_fraction", "eval/reward", "learning_rate", "skipped_steps", "grad_norm");

        charts["Rewards"].ShouldBe(["reward_mean", "reward_std", "eval/reward"]);
        charts["Approximate KL per update"].ShouldBe(["approx_kl"]);
        charts["Clipped fraction"].ShouldBe(["clip_fraction"]);
        charts.ShouldNotContainKey("KL to the reference");
    }

    [Fact]
    public void Text_runs_keep_their_charts()
    {
        var charts = Charts("loss", "rewards/accuracies", "rewards/margins", "kl", "eval/kl", "reward", "entropy", "length");

        charts["Accuracy"].ShouldBe(["rewards/accuracies"]);
        charts["Rewards"].ShouldBe(["rewards/margins", "reward"]);
        charts["KL to the reference"].ShouldBe(["kl", "eval/kl"]);
        charts["Length and entropy"].ShouldBe(["length", "entropy"]);
    }

    [Fact]
    public void A_chart_with_non_finite_values_says_where_they_were()
    {
        var loss = Enumerable.Range(1, 10).Select(s => new MetricPoint(s, s is 4 or 7 ? double.NaN : 1.0 / s)).ToList();
        var metrics = new Dictionary<string, IReadOnlyList<MetricPoint>>
        {
            ["loss"] = loss,
            ["eval/loss"] = [new MetricPoint(5, 0.3), new MetricPoint(10, double.PositiveInfinity)],
            ["accuracy"] = Enumerable.Range(1, 10).Select(s => new MetricPoint(s, 0.5)).ToList(),
        };

        var charts = RunChart.For(metrics).ToDictionary(c => c.Title.Split(" (×")[0]);

        charts["Loss"].Warning.ShouldBe(
            "loss was not finite at 2 steps (first at step 4); eval/loss was not finite at 1 step (first at step 10). The line carries the last finite value over them.");
        charts["Loss"].Series.SelectMany(s => s.Data.Values).ShouldAllBe(v => double.IsFinite(v));
        charts["Accuracy"].Warning.ShouldBeNull();
    }

    /// <summary>The series of each chart by its title (without the scale), after checking every logged metric but the two left to the table is drawn.</summary>
    private static Dictionary<string, string[]> Charts(params string[] names)
    {
        var metrics = names.ToDictionary(n => n, n => (IReadOnlyList<MetricPoint>)Enumerable.Range(1, 20).Select(s => new MetricPoint(s, 0.5 + (s * 0.01))).ToList());
        var charts = RunChart.For(metrics).ToDictionary(c => c.Title.Split(" (×")[0], c => c.Series.Select(s => s.Name).ToArray());
        charts.Values.SelectMany(v => v).Order().ShouldBe(names.Except(NotCharted).Order());
        return charts;
    }
}
