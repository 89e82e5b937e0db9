using Feedback.Training.Text;
using Feedback.Training.Text.Preference;
using Feedback.Training.Text.Training;
using Feedback.UnitTests.Training.Text;

namespace Feedback.UnitTests.Training.Preference;

public sealed class DpoTrainerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-dpo-").FullName;
    private readonly List<PreferencePair> _train = ToyPreferences.Pairs(64, seed: 1);
    private readonly List<PreferencePair> _heldOut = ToyPreferences.Pairs(16, seed: 2);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(DpoLoss.Sigmoid)]
    [InlineData(DpoLoss.Robust)]
    public void The_first_step_loss_is_ln_2_because_the_policy_starts_as_its_reference(DpoLoss loss)
    {
        using var policy = TinyLlama.Model(seed: 3);
        var steps = new RecordedSteps();

        new DpoTrainer(Options with { Loss = loss, Steps = 1 }).Run(policy, _train, _heldOut, ToyPreferences.Pad, Run("first"), steps);

        steps.Steps[0].Values["loss"].ShouldBe(Math.Log(2), 1e-4);
        steps.Steps[0].Values["rewards/margins"].ShouldBe(0, 1e-4);
    }

    [Fact]
    public void Ipos_first_step_loss_is_one_over_four_beta_squared()
    {
        using var policy = TinyLlama.Model(seed: 3);
        var steps = new RecordedSteps();

        new DpoTrainer(Options with { Loss = DpoLoss.Ipo, Beta = 0.5, Steps = 1 }).Run(policy, _train, _heldOut, ToyPreferences.Pad, Run("ipo"), steps);

        steps.Steps[0].Values["loss"].ShouldBe(1.0, 1e-3);
    }

    [Fact]
    public void Training_on_a_separable_preference_raises_held_out_accuracy_and_margins()
    {
        using var policy = TinyLlama.Model(seed: 3);
        var steps = new RecordedSteps();

        var report = new DpoTrainer(Options with { Steps = 30, SaveEvery = 10 }).Run(policy, _train, _heldOut, ToyPreferences.Pad, Run("learn"), steps);

        // Before the first update every reward is 0, so no pair counts as ranked right.
        steps.Steps[0].Values["rewards/accuracies"].ShouldBe(0);
        var evaluations = steps.Steps.Where(step => step.Evaluated).ToList();
        evaluations.Count.ShouldBe(3);
        report.StepsDone.ShouldBe(30);
        report.NonFiniteSteps.ShouldBe(0);
        report.FinalHeldOut["eval/rewards/accuracies"].ShouldBeGreaterThan(0.9);
        report.FinalHeldOut["eval/rewards/margins"].ShouldBeGreaterThan(evaluations[0].Values["eval/rewards/margins"]);
        report.FinalHeldOut["eval/rewards/margins"].ShouldBeGreaterThan(0.5);
        report.FinalHeldOut["eval/loss"].ShouldBeLessThan(Math.Log(2));
        string[] reported = ["loss", "learning_rate", "grad_norm", "skipped_steps", "rewards/chosen", "rewards/rejected", "kl", "length/chosen", "length/rejected"];
        foreach (var name in reported)
        {
            steps.Steps[0].Values.Keys.ShouldContain(name);
        }
    }

    [Fact]
    public void A_run_stopped_midway_resumes_and_ends_with_the_weights_of_an_unbroken_run()
    {
        var options = Options with { Steps = 9, SaveEvery = 3 };
        using var unbroken = TinyLlama.Model(seed: 3);
        new DpoTrainer(options).Run(unbroken, _train, _heldOut, ToyPreferences.Pad, Run("unbroken"));

        var resumed = Run("resumed");
        using (var first = TinyLlama.Model(seed: 3))
        using (var stop = new CancellationTokenSource())
        {
            Should.Throw<OperationCanceledException>(
                () => new DpoTrainer(options).Run(first, _train, _heldOut, ToyPreferences.Pad, resumed, new StopAfter(5, stop), stop.Token));
        }

        // A fresh process: the policy as first passed in (it is the reference), brought forward by the resume point.
        using var second = TinyLlama.Model(seed: 3);
        var report = new DpoTrainer(options).Run(second, _train, _heldOut, ToyPreferences.Pad, resumed);

        report.StepsDone.ShouldBe(9);
        ShouldHaveTheSameWeights(second, unbroken, 1e-6f);
    }

    [Fact]
    public void Steps_with_a_nan_loss_are_skipped_counted_and_leave_the_weights_alone()
    {
        using var policy = TinyLlama.Model(seed: 3);
        using var untouched = TinyLlama.Model(seed: 3);
        var steps = new RecordedSteps();
        var trainer = new DpoTrainer(Options with { Steps = 2 }) { CorruptLossAt = _ => true };

        var report = trainer.Run(policy, _train, _heldOut, ToyPreferences.Pad, Run("nan"), steps);

        report.NonFiniteSteps.ShouldBe(2);
        steps.Steps[^1].Values["skipped_steps"].ShouldBe(2);
        double.IsNaN(steps.Steps[0].Values["loss"]).ShouldBeTrue();
        ShouldHaveTheSameWeights(policy, untouched, 0f);
    }

    [Fact]
    public void Too_many_non_finite_steps_in_a_row_stop_the_run_with_the_reason()
    {
        using var policy = TinyLlama.Model(seed: 3);
        var trainer = new DpoTrainer(Options with { Steps = 10, MaxNonFiniteInARow = 3 }) { CorruptLossAt = step => step >= 2 };

        var error = Should.Throw<TrainingDivergedException>(() => trainer.Run(policy, _train, _heldOut, ToyPreferences.Pad, Run("diverged")));

        error.Message.ShouldContain("3 steps in a row");
        error.Message.ShouldContain("step 5");
    }

    [Fact]
    public void With_lora_only_adapters_train_and_the_merged_policy_keeps_its_names()
    {
        var options = Options with { Steps = 6, SaveEvery = 2, LoraRank = 4, LoraAlpha = 8, LearningRate = 2e-2 };
        using var original = TinyLlama.Model(seed: 3);
        var names = original.ExportWeights().Keys.Order(StringComparer.Ordinal).ToList();

        // Stopped midway: the adapters have trained, but the policy's own weights have not moved.
        using (var interrupted = TinyLlama.Model(seed: 3))
        using (var stop = new CancellationTokenSource())
        {
            Should.Throw<OperationCanceledException>(
                () => new DpoTrainer(options).Run(interrupted, _train, _heldOut, ToyPreferences.Pad, Run("lora-stopped"), new StopAfter(3, stop), stop.Token));
            ShouldHaveTheSameWeights(interrupted, original, 0f);
            interrupted.parameters().ShouldAllBe(parameter => parameter.requires_grad);
        }

        using var policy = TinyLlama.Model(seed: 3);
        var report = new DpoTrainer(options).Run(policy, _train, _heldOut, ToyPreferences.Pad, Run("lora"));

        report.FinalHeldOut["eval/rewards/margins"].ShouldBeGreaterThan(0);
        policy.ExportWeights().Keys.Order(StringComparer.Ordinal).ShouldBe(names);
        var originalWeights = original.ExportWeights();
        var changed = policy.ExportWeights()
            .Where(pair => TinyLlama.MaxDifference(pair.Value, originalWeights[pair.Key]) > 0)
            .Select(pair => pair.Key)
            .ToList();
        changed.ShouldNotBeEmpty();
        changed.ShouldAllBe(name => name.Contains("_proj.", StringComparison.Ordinal));
    }

    private static DpoOptions Options => new()
    {
        Steps = 10, BatchSize = 8, LearningRate = 1e-2, WarmupSteps = 2, SaveEvery = 5, EvalBatches = 2, Beta = 0.5,
    };

    private string Run(string name) => Path.Combine(_directory, name);

    private static void ShouldHaveTheSameWeights(LlamaModel actual, LlamaModel expected, float tolerance)
    {
        var expectedWeights = expected.ExportWeights();
        foreach (var (name, weight) in actual.ExportWeights())
        {
            TinyLlama.MaxDifference(weight, expectedWeights[name]).ShouldBeLessThanOrEqualTo(tolerance, name);
        }
    }
}
