using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Training;

/// <summary>Training speed as the benchmark reports it, beside what the same process gets from a plain matrix product.</summary>
/// <param name="TokensPerSecond">Positions processed per second (padding included: it is computed all the same).</param>
/// <param name="AchievedGflops">Estimated training FLOP/s: 6 per parameter per position, plus attention's 12 x layers x length x width.</param>
/// <param name="MatmulGflops">FLOP/s of a square float32 matrix product, 2n^3 per product.</param>
public sealed record TrainingThroughputFigures(int Steps, int BatchSize, double SequenceLength, double TokensPerSecond, double AchievedGflops, double MatmulGflops)
{
    public double FractionOfMatmul => AchievedGflops / MatmulGflops;
}

/// <summary>Times training steps (forward, backward, AdamW) on real batches, and a large matmul on the same device.</summary>
public static class TrainingThroughput
{
    public static TrainingThroughputFigures Measure(
        LlamaModel model, IReadOnlyList<TextExample> examples, int padId, int batchSize, int steps, int warmupSteps = 2, int matmulSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        var device = model.Device;
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-4);
        model.train();
        long positions = 0;
        var clock = new Stopwatch();
        for (var step = 0; step < warmupSteps + steps; step++)
        {
            if (step == warmupSteps)
            {
                clock.Start();
                positions = 0;
            }

            using var scope = NewDisposeScope();
            var chosen = Enumerable.Range(0, batchSize).Select(i => examples[((step * batchSize) + i) % examples.Count]).ToList();
            using var batch = TextBatch.Create(chosen, padId, answersOnly: false, device);
            optimizer.zero_grad();
            batch.Loss(model.Forward(batch.InputIds, batch.AttentionMask)).backward();
            optimizer.step();
            positions += batch.InputIds.numel();
        }

        clock.Stop();
        var seconds = clock.Elapsed.TotalSeconds;
        var config = model.Config;
        var length = (double)positions / steps / batchSize;
        var flopsPerPosition = (6.0 * model.ParameterCount) + (12.0 * config.NumHiddenLayers * length * config.HiddenSize);
        return new TrainingThroughputFigures(
            steps, batchSize, length, positions / seconds, flopsPerPosition * positions / seconds / 1e9, MatmulGflops(matmulSize, device));
    }

    private static double MatmulGflops(int n, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = randn(n, n, device: device);
        var b = randn(n, n, device: device);
        matmul(a, b).Dispose();
        var repeats = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2) || repeats < 3)
        {
            matmul(a, b).Dispose();
            repeats++;
        }

        return 2.0 * n * n * n * repeats / clock.Elapsed.TotalSeconds / 1e9;
    }
}
