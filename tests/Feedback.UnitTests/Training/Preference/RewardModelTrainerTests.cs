using Feedback.Training.Text.Preference;
using Feedback.Training.Text.Training;
using Feedback.UnitTests.Training.Text;

namespace Feedback.UnitTests.Training.Preference;

public sealed class RewardModelTrainerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-reward-").FullName;
    private readonly List<PreferencePair> _train = ToyPreferences.Pairs(128, seed: 1);
    private readonly List<PreferencePair> _heldOut = ToyPreferences.Pairs(32, seed: 2);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_reward_model_learns_that_answers_with_the_liked_token_win_on_held_out_pairs()
    {
        using var policy = TinyLlama.Model(seed: 3);
        using var model = RewardModel.FromPolicy(policy);
        var trainer = new RewardModelTrainer(Options);
        var before = trainer.Evaluate(model, _heldOut, ToyPreferences.Pad);

        var report = trainer.Run(model, _train, _heldOut, ToyPreferences.Pad, Run("learn"));

        before["eval/accuracy"].ShouldBeLessThan(0.8);
        report.FinalHeldOut["eval/accuracy"].ShouldBeGreaterThan(0.9);
        report.FinalHeldOut["eval/margin"].ShouldBeGreaterThan(before["eval/margin"] + 1);
        report.FinalHeldOut["eval/loss"].ShouldBeLessThan(0.4);
        trainer.Evaluate(model, _heldOut, ToyPreferences.Pad)["eval/accuracy"].ShouldBe(report.FinalHeldOut["eval/accuracy"]);
    }

    [Fact]
    public void The_margin_and_centering_terms_raise_the_loss_of_the_same_scores()
    {
        using var policy = TinyLlama.Model(seed: 3);
        using var model = RewardModel.FromPolicy(policy);

        var plain = new RewardModelTrainer(Options).Evaluate(model, _heldOut, ToyPreferences.Pad)["eval/loss"];
        var withMargin = new RewardModelTrainer(Options with { UseMargin = true }).Evaluate(model, _heldOut, ToyPreferences.Pad)["eval/loss"];
        var centred = new RewardModelTrainer(Options with { CenteringCoefficient = 10 }).Evaluate(model, _heldOut, ToyPreferences.Pad)["eval/loss"];

        withMargin.ShouldBeGreaterThan(plain + 0.1);
        centred.ShouldBeGreaterThan(plain);
    }

    [Fact]
    public void A_run_stopped_midway_resumes_and_ends_with_the_weights_of_an_unbroken_run()
    {
        var options = Options with { Steps = 8, SaveEvery = 3 };
        using var policy = TinyLlama.Model(seed: 3);
        using var unbroken = RewardModel.FromPolicy(policy);
        new RewardModelTrainer(options).Run(unbroken, _train, _heldOut, ToyPreferences.Pad, Run("unbroken"));

        var resumed = Run("resumed");
        using (var first = RewardModel.FromPolicy(policy))
        using (var stop = new CancellationTokenSource())
        {
            Should.Throw<OperationCanceledException>(
                () => new RewardModelTrainer(options).Run(first, _train, _heldOut, ToyPreferences.Pad, resumed, new StopAfter(4, stop), stop.Token));
        }

        using var second = RewardModel.FromPolicy(policy, seed: 42);
        var report = new RewardModelTrainer(options).Run(second, _train, _heldOut, ToyPreferences.Pad, resumed);

        report.StepsDone.ShouldBe(8);
        var expected = unbroken.ExportWeights();
        foreach (var (name, weight) in second.ExportWeights())
        {
            TinyLlama.MaxDifference(weight, expected[name]).ShouldBeLessThan(1e-6f, name);
        }
    }

    [Fact]
    public void Non_finite_steps_are_counted_and_too_many_in_a_row_stop_the_run()
    {
        using var policy = TinyLlama.Model(seed: 3);
        using var model = RewardModel.FromPolicy(policy);
        var steps = new RecordedSteps();

        var report = new RewardModelTrainer(Options with { Steps = 4 }) { CorruptLossAt = step => step == 1 }
            .Run(model, _train, _heldOut, ToyPreferences.Pad, Run("one-nan"), steps);
        var error = Should.Throw<TrainingDivergedException>(
            () => new RewardModelTrainer(Options with { Steps = 4, MaxNonFiniteInARow = 2 }) { CorruptLossAt = _ => true }
                .Run(model, _train, _heldOut, ToyPreferences.Pad, Run("all-nan")));

        report.NonFiniteSteps.ShouldBe(1);
        steps.Steps.Select(step => step.Values["skipped_steps"]).ShouldBe([0, 1, 1, 1]);
        error.Message.ShouldContain("not finite for 2 steps in a row");
    }

    [Fact]
    public void A_step_that_fails_once_is_taken_again_and_the_run_ends_as_an_unbroken_one_would()
    {
        using var policy = TinyLlama.Model(seed: 3);
        using var unbroken = RewardModel.FromPolicy(policy);
        using var faulted = RewardModel.FromPolicy(policy);
        var failures = 0;

        new RewardModelTrainer(Options with { Steps = 4 }).Run(unbroken, _train, _heldOut, ToyPreferences.Pad, Run("unbroken"));
        var report = new RewardModelTrainer(Options with { Steps = 4 }) { CorruptLossAt = step => step == 1 && failures++ == 0 }
            .Run(faulted, _train, _heldOut, ToyPreferences.Pad, Run("faulted-once"));

        failures.ShouldBe(2);
        report.NonFiniteSteps.ShouldBe(0);
        var expected = unbroken.ExportWeights();
        foreach (var (name, weight) in faulted.ExportWeights())
        {
            TinyLlama.MaxDifference(weight, expected[name]).ShouldBeLessThan(1e-6f, name);
        }
    }

    private static RewardModelOptions Options => new()
    {
        Steps = 40, BatchSize = 16, LearningRate = 3e-3, WarmupSteps = 4, SaveEvery = 20, EvalBatches = 2,
    };

    private string Run(string name) => Path.Combine(_directory, name);
}
