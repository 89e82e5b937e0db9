using static TorchSharp.torch;

namespace Feedback.Training.Images.Training;

/// <summary>A step's example indices and random generator, both fixed by the seed and the step, so that a resumed run sees the same batches.</summary>
internal static class StepBatch
{
    public static (Tensor Indices, Generator Generator) Of(ImageTrainingOptions options, int step, int count, Device device)
    {
        var seed = unchecked((options.Seed * 1_000_003L) + step);
        var rng = new Random((int)(seed % int.MaxValue));
        var indices = Enumerable.Range(0, options.BatchSize).Select(_ => (long)rng.Next(count)).ToArray();
        return (tensor(indices, device: device), new Generator((ulong)seed, device));
    }
}
