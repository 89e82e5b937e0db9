using System.Diagnostics;
using System.Globalization;
using Feedback.Training.Checkpoints;
using Feedback.Training.Datasets.Text;
using Feedback.Training.Text.Preference;
using Feedback.Training.Text.Training;
using Feedback.Training.Tokenizers;

namespace Feedback.Benchmarks;

/// <summary>
/// Seconds per step of the preference trainers on one text checkpoint, with pairs from the built-in corpus (its best
/// answer against its worst): DPO (full and LoRA), the reward model, and RLOO. The first step and the last (which
/// evaluates and saves) are left out of the mean.
/// </summary>
internal static class PreferenceBenchmark
{
    public static int Run(string[] args)
    {
        var folder = BenchOptions.Get(args, "--checkpoint")
            ?? Path.Combine(BenchOptions.RepositoryRoot(), "jobs", "Feedback.Jobs", "BaseModels", "text-base");
        var batchSize = BenchOptions.Int(args, "--batch", 16);
        var steps = BenchOptions.Int(args, "--steps", 5);
        var runs = Directory.CreateTempSubdirectory("feedback-preference-bench-").FullName;
        try
        {
            using var checkpoint = TextCheckpoint.Load(folder);
            var model = checkpoint.Model;
            var pairs = Pairs(checkpoint.Tokenizer, batchSize * 4, checkpoint.Config.MaxPositionEmbeddings);
            var heldOut = pairs.Take(batchSize).ToList();
            var padId = checkpoint.Tokenizer.PadId;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"preference training: {model.ParameterCount:N0} parameters, batches of {batchSize} pairs, prompts of " +
                $"{pairs.Average(p => p.Prompt.Count):F0} tokens, answers of {pairs.Average(p => p.Chosen.Count):F0} and " +
                $"{pairs.Average(p => p.Rejected.Count):F0}, {Environment.ProcessorCount} cores"));

            // The first pass pays for loading and warming up LibTorch; the second is what a run's reference pass costs.
            ReferenceLogProbs.Compute(model, pairs, padId, batchSize);
            var clock = Stopwatch.StartNew();
            ReferenceLogProbs.Compute(model, pairs, padId, batchSize);
            Report($"DPO reference log-probs, per {batchSize} pairs (once per run)", clock.Elapsed.TotalSeconds * batchSize / pairs.Count);

            var dpo = new DpoOptions { Steps = steps, BatchSize = batchSize, SaveEvery = steps, EvalBatches = 1 };
            Report("DPO step", Time(progress => new DpoTrainer(dpo).Run(model, pairs, heldOut, padId, Path.Combine(runs, "dpo"), progress)));
            Report("DPO step, LoRA rank 8", Time(progress =>
                new DpoTrainer(dpo with { LoraRank = 8 }).Run(model, pairs, heldOut, padId, Path.Combine(runs, "lora"), progress)));

            using var reward = RewardModel.FromPolicy(model);
            var rewardOptions = new RewardModelOptions { Steps = steps, BatchSize = batchSize, SaveEvery = steps, EvalBatches = 1 };
            Report("reward model step", Time(progress =>
                new RewardModelTrainer(rewardOptions).Run(reward, pairs, heldOut, padId, Path.Combine(runs, "reward"), progress)));

            var rloo = new RlooOptions { Steps = steps, SaveEvery = steps };
            var prompts = pairs.Select(pair => pair.Prompt).ToList();
            Report(
                string.Create(CultureInfo.InvariantCulture,
                    $"RLOO step ({rloo.PromptsPerStep} prompts x {rloo.SamplesPerPrompt} samples, up to {rloo.MaxNewTokens} new tokens)"),
                Time(progress => new RlooTrainer(rloo).Run(model, reward, prompts, checkpoint.Tokenizer.EosId, padId, Path.Combine(runs, "rloo"), progress)));
            return 0;
        }
        finally
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    private static List<PreferencePair> Pairs(ITextTokenizer tokenizer, int count, int maxLength) =>
        InstructionCorpus.Generate(count * 2, seed: 17)
            .Select(example =>
            {
                var worst = example.Variants.MinBy(variant => variant.Quality.Score)!;
                var prompt = (IReadOnlyList<int>)[tokenizer.BosId, .. tokenizer.Encode(CorpusExamples.Prompt(example))];
                return new PreferencePair(
                    prompt, [.. tokenizer.Encode(example.Best.Text), tokenizer.EosId], [.. tokenizer.Encode(worst.Text), tokenizer.EosId]);
            })
            .Where(pair => pair.Prompt.Count + Math.Max(pair.Chosen.Count, pair.Rejected.Count) <= maxLength)
            .Take(count)
            .ToList();

    /// <summary>Mean seconds between progress reports, the first and last step left out.</summary>
    private static double Time(Action<IProgress<TrainingStepMetrics>> run)
    {
        var stamps = new List<double>();
        var clock = Stopwatch.StartNew();
        run(new Stamps(stamps, clock));
        var middle = stamps.Count >= 3 ? stamps[^2] - stamps[0] : stamps[^1] - stamps[0];
        return middle / Math.Max(1, stamps.Count >= 3 ? stamps.Count - 2 : stamps.Count - 1);
    }

    private static void Report(string what, double seconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-72} {seconds,7:F2} s"));

    private sealed class Stamps(List<double> stamps, Stopwatch clock) : IProgress<TrainingStepMetrics>
    {
        public void Report(TrainingStepMetrics value) => stamps.Add(clock.Elapsed.TotalSeconds);
    }
}
