using Feedback.Training.Text;
using Feedback.Training.Text.Training;
using Feedback.Training.Tokenizers;

namespace Feedback.UnitTests.Training.Text;

public sealed class TextTrainerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("feedback-trainer-").FullName;
    private readonly ByteTokenizer tokenizer = new();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_short_run_on_the_corpus_lowers_the_held_out_loss_well_below_its_start()
    {
        using var model = TinyLlama.Model(seed: 3);
        var options = new TextTrainingOptions { Steps = 40, BatchSize = 8, LearningRate = 1e-2, WarmupSteps = 5, SaveEvery = 40, EvalBatches = 2 };

        var report = new TextTrainer(options).Run(model, Examples(400, seed: 1), Examples(16, seed: 2), tokenizer.PadId, Path.Combine(directory, "run"));

        report.InitialHeldOutLoss.ShouldBeGreaterThan(4.5);
        report.FinalHeldOutLoss.ShouldBeLessThan(report.InitialHeldOutLoss * 0.6);
        report.NonFiniteSteps.ShouldBe(0);
    }

    [Fact]
    public void A_run_stopped_midway_resumes_from_its_last_save_and_ends_with_the_weights_of_an_unbroken_run()
    {
        var options = new TextTrainingOptions { Steps = 12, BatchSize = 4, LearningRate = 5e-3, WarmupSteps = 2, SaveEvery = 4, EvalBatches = 1 };
        var train = Examples(100, seed: 1);
        var heldOut = Examples(4, seed: 2);

        using var unbroken = TinyLlama.Model(seed: 5);
        new TextTrainer(options).Run(unbroken, train, heldOut, tokenizer.PadId, Path.Combine(directory, "unbroken"));

        var resumed = Path.Combine(directory, "resumed");
        using (var first = TinyLlama.Model(seed: 5))
        using (var stop = new CancellationTokenSource())
        {
            var progress = new StopAfter(6, stop);
            Should.Throw<OperationCanceledException>(() => new TextTrainer(options).Run(first, train, heldOut, tokenizer.PadId, resumed, progress, stop.Token));
        }

        // A fresh process: new weights, which the resume point replaces.
        using var second = TinyLlama.Model(seed: 99);
        new TextTrainer(options).Run(second, train, heldOut, tokenizer.PadId, resumed);

        WeightsShouldMatch(second, unbroken);
    }

    [Fact]
    public void A_step_that_fails_once_is_taken_again_and_the_run_ends_as_an_unbroken_one_would()
    {
        var options = new TextTrainingOptions { Steps = 4, BatchSize = 4, LearningRate = 5e-3, WarmupSteps = 1, SaveEvery = 4, EvalBatches = 1 };
        var train = Examples(100, seed: 1);
        var heldOut = Examples(4, seed: 2);
        using var unbroken = TinyLlama.Model(seed: 5);
        using var faulted = TinyLlama.Model(seed: 5);
        var failures = 0;

        new TextTrainer(options).Run(unbroken, train, heldOut, tokenizer.PadId, Path.Combine(directory, "unbroken"));
        var report = new TextTrainer(options) { CorruptLossAt = step => step == 1 && failures++ == 0 }
            .Run(faulted, train, heldOut, tokenizer.PadId, Path.Combine(directory, "faulted-once"));

        failures.ShouldBe(2);
        report.NonFiniteSteps.ShouldBe(0);
        WeightsShouldMatch(faulted, unbroken);
    }

    [Fact]
    public void A_step_whose_loss_stays_not_finite_is_skipped_and_counted()
    {
        var options = new TextTrainingOptions { Steps = 4, BatchSize = 4, LearningRate = 5e-3, WarmupSteps = 1, SaveEvery = 4, EvalBatches = 1 };
        using var model = TinyLlama.Model(seed: 5);

        var report = new TextTrainer(options) { CorruptLossAt = step => step == 2 }
            .Run(model, Examples(100, seed: 1), Examples(4, seed: 2), tokenizer.PadId, Path.Combine(directory, "skipped"));

        report.NonFiniteSteps.ShouldBe(1);
        double.IsFinite(report.FinalHeldOutLoss).ShouldBeTrue();
    }

    [Fact]
    public void Fine_tuning_learns_only_from_the_answer_and_its_end()
    {
        var example = CorpusExamples.Encode(tokenizer, "User: Hi\nAssistant: ", "Hello");

        using var batch = TextBatch.Create([example], tokenizer.PadId, answersOnly: true, TorchSharp.torch.CPU);

        batch.LearnedTokens.ShouldBe("Hello".Length + 1);
        example.Tokens[0].ShouldBe(tokenizer.BosId);
        example.Tokens[^1].ShouldBe(tokenizer.EosId);
    }

    private static void WeightsShouldMatch(LlamaModel actual, LlamaModel expected)
    {
        var expectedWeights = expected.ExportWeights();
        foreach (var (name, weight) in actual.ExportWeights())
        {
            TinyLlama.MaxDifference(weight, expectedWeights[name]).ShouldBeLessThan(1e-6f, name);
        }
    }

    private List<TextExample> Examples(int count, int seed) => CorpusExamples.Generate(tokenizer, count, seed, maxLength: 128).ToList();

    private sealed class StopAfter(int steps, CancellationTokenSource stop) : IProgress<TextTrainingProgress>
    {
        public void Report(TextTrainingProgress value)
        {
            if (value.Step >= steps)
            {
                stop.Cancel();
            }
        }
    }
}
