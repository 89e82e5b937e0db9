using System.Diagnostics;
using System.Globalization;
using Feedback.Sampling;
using Feedback.Sampling.Text;
using Feedback.Training.Checkpoints;
using Feedback.Training.Datasets.Text;
using Feedback.Training.Text;
using Feedback.Training.Text.Training;

namespace Feedback.Benchmarks;

/// <summary>
/// Generation speed of one text checkpoint on the same prompts: ONNX Runtime with the key/value cache, ONNX Runtime
/// re-running the whole sequence each step, and eager TorchSharp with its cache; greedy, every row exactly
/// --new-tokens long. Then training speed and its achieved GFLOP/s as a share of a plain matmul's.
/// </summary>
internal static class TextBenchmark
{
    public static int Run(string[] args)
    {
        var folder = BenchOptions.Get(args, "--checkpoint") ?? Path.Combine(BenchOptions.RepositoryRoot(), "jobs", "Feedback.Jobs", "BaseModels", "text-base");
        var newTokens = BenchOptions.Int(args, "--new-tokens", 128);
        var batchSizes = BenchOptions.Ints(args, "--batches", "1,16");
        var promptTokens = BenchOptions.Int(args, "--prompt-tokens", 32);
        var trainSteps = BenchOptions.Int(args, "--train-steps", 10);

        using var checkpoint = TextCheckpoint.Load(folder);
        checkpoint.Model.eval();
        using var session = OnnxSessionFactory.Create(Path.Combine(folder, TextCheckpoint.OnnxFile), InferenceDevice.Cpu);
        var generator = new TextGenerator(session);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text generation: {checkpoint.Model.ParameterCount:N0} parameters, prompts of {promptTokens} tokens, {newTokens} new tokens per row, greedy, {Environment.ProcessorCount} cores, CPU"));
        Console.WriteLine($"{"batch",5}  {"ORT + cache",14}  {"ORT, no cache",14}  {"TorchSharp eager",17}  ratios: cache/no-cache, ORT/eager");

        foreach (var batchSize in batchSizes)
        {
            var prompts = Prompts(checkpoint, batchSize, promptTokens);
            var settings = new GenerationSettings { Temperature = 0f, MaxNewTokens = newTokens, StopAtEos = false, EosTokenId = checkpoint.Tokenizer.EosId };
            var cached = TokensPerSecond(batchSize * newTokens, () => generator.Generate(prompts, settings, CancellationToken.None));
            var uncached = TokensPerSecond(batchSize * newTokens, () => generator.Generate(prompts, settings with { UseCache = false }, CancellationToken.None));
            var eager = TokensPerSecond(batchSize * newTokens, () => checkpoint.Model.GenerateGreedyBatch(prompts, newTokens));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{batchSize,5}  {cached,10:N0} t/s  {uncached,10:N0} t/s  {eager,13:N0} t/s  {cached / uncached,6:F1}x  {cached / eager,6:F1}x"));
        }

        var examples = CorpusExamples.Generate(checkpoint.Tokenizer, 2_000, seed: 11, maxLength: checkpoint.Config.MaxPositionEmbeddings).ToList();
        var training = TrainingThroughput.Measure(checkpoint.Model, examples, checkpoint.Tokenizer.PadId, batchSize: 32, steps: trainSteps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training: {training.Steps} steps of {training.BatchSize} x {training.SequenceLength:F0} positions: {training.TokensPerSecond:N0} tokens/s, " +
            $"{training.AchievedGflops:F2} GFLOP/s achieved; a {1024}x{1024} matmul: {training.MatmulGflops:F1} GFLOP/s; fraction {training.FractionOfMatmul:P1}"));
        return 0;
    }

    /// <summary>The first <paramref name="length"/> tokens of corpus prompts, so every row of the batch is as long.</summary>
    private static List<IReadOnlyList<int>> Prompts(LoadedTextCheckpoint checkpoint, int count, int length)
    {
        var tokenizer = checkpoint.Tokenizer;
        return InstructionCorpus.Generate(count * 4, seed: 5)
            .Select(e => (IReadOnlyList<int>)[tokenizer.BosId, .. tokenizer.Encode(CorpusExamples.Prompt(e))])
            .Where(ids => ids.Count >= length)
            .Take(count)
            .Select(ids => (IReadOnlyList<int>)ids.Take(length).ToList())
            .ToList();
    }

    /// <summary>One untimed run to warm up, then the best of three.</summary>
    private static double TokensPerSecond(int tokens, Action generate)
    {
        generate();
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            generate();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return tokens / best;
    }
}
