using Feedback.Training.Text.Preference;
using Feedback.UnitTests.Training.Text;

namespace Feedback.UnitTests.Training.Preference;

public sealed class RlooTrainerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-rloo-").FullName;
    private readonly List<IReadOnlyList<int>> _prompts = ToyRewards.Prompts(32, seed: 1);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_toy_reward_is_hand_built_to_score_the_last_token_by_parity()
    {
        using var reward = ToyRewards.EvenLastToken();

        var scores = reward.Score([[1, 3], [1, 3], [5]], [[2], [4, 7], [9, 9, 12]], ToyRewards.Pad);

        scores.ShouldBe([1.0, -1.0, 1.0], tolerance: 1e-3);
    }

    [Fact]
    public void Training_raises_the_mean_reward()
    {
        using var policy = TinyLlama.Model(seed: 3, vocabSize: ToyRewards.VocabSize);
        using var reward = ToyRewards.EvenLastToken();
        var steps = new RecordedSteps();

        var report = new RlooTrainer(Options).Run(policy, reward, _prompts, ToyRewards.Eos, ToyRewards.Pad, Run("learn"), steps);

        report.StepsDone.ShouldBe(Options.Steps);
        report.StoppedEarlyReason.ShouldBeNull();
        var early = steps.Steps.Take(4).Average(step => step.Values["reward"]);
        var late = steps.Steps.TakeLast(4).Average(step => step.Values["reward"]);
        late.ShouldBeGreaterThan(early + 0.4);
        foreach (var name in (string[])["reward", "kl", "entropy", "length", "loss", "grad_norm", "learning_rate", "skipped_steps"])
        {
            steps.Steps[^1].Values.Keys.ShouldContain(name);
        }

        steps.Steps[0].Values["kl"].ShouldBe(0, 1e-4);
        steps.Steps[0].Values["length"].ShouldBeInRange(1, Options.MaxNewTokens);
    }

    [Fact]
    public void A_run_stops_with_its_reason_once_the_kl_passes_the_budget_and_stays_stopped()
    {
        using var policy = TinyLlama.Model(seed: 3, vocabSize: ToyRewards.VocabSize);
        using var reward = ToyRewards.EvenLastToken();
        var options = Options with { KlBudget = 0.02, LearningRate = 5e-2 };
        var steps = new RecordedSteps();

        var report = new RlooTrainer(options).Run(policy, reward, _prompts, ToyRewards.Eos, ToyRewards.Pad, Run("budget"), steps);
        var again = new RlooTrainer(options).Run(policy, reward, _prompts, ToyRewards.Eos, ToyRewards.Pad, Run("budget"));

        report.StoppedEarlyReason.ShouldNotBeNull().ShouldContain("budget");
        report.StepsDone.ShouldBeLessThan(options.Steps);
        steps.Steps[^1].Values["kl"].ShouldBeGreaterThan(options.KlBudget);
        steps.Steps.Count.ShouldBe(report.StepsDone);
        again.ShouldBe(report with { FinalHeldOut = again.FinalHeldOut });
    }

    [Fact]
    public void A_run_stopped_midway_resumes_and_ends_with_the_weights_of_an_unbroken_run()
    {
        var options = Options with { Steps = 6, SaveEvery = 2 };
        using var reward = ToyRewards.EvenLastToken();
        using var unbroken = TinyLlama.Model(seed: 3, vocabSize: ToyRewards.VocabSize);
        new RlooTrainer(options).Run(unbroken, reward, _prompts, ToyRewards.Eos, ToyRewards.Pad, Run("unbroken"));

        var resumed = Run("resumed");
        using (var first = TinyLlama.Model(seed: 3, vocabSize: ToyRewards.VocabSize))
        using (var stop = new CancellationTokenSource())
        {
            Should.Throw<OperationCanceledException>(
                () => new RlooTrainer(options).Run(first, reward, _prompts, ToyRewards.Eos, ToyRewards.Pad, resumed, new StopAfter(3, stop), stop.Token));
        }

        using var second = TinyLlama.Model(seed: 3, vocabSize: ToyRewards.VocabSize);
        new RlooTrainer(options).Run(second, reward, _prompts, ToyRewards.Eos, ToyRewards.Pad, resumed);

        var expected = unbroken.ExportWeights();
        foreach (var (name, weight) in second.ExportWeights())
        {
            TinyLlama.MaxDifference(weight, expected[name]).ShouldBeLessThan(1e-6f, name);
        }
    }

    private static RlooOptions Options => new()
    {
        Steps = 24, PromptsPerStep = 8, SamplesPerPrompt = 4, MaxNewTokens = 3, LearningRate = 2e-2, WarmupSteps = 2,
        KlCoefficient = 0.01, KlBudget = 100, SaveEvery = 12,
    };

    private string Run(string name) => Path.Combine(_directory, name);
}
