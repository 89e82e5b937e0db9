using System.Diagnostics;
using System.Globalization;
using Feedback.Sampling;
using Feedback.Sampling.Diffusion;
using Feedback.Training.Datasets.Scenes;
using Feedback.Training.Images;
using static TorchSharp.torch;

namespace Feedback.Benchmarks;

/// <summary>
/// Image generation speed of one image checkpoint: images/s at --steps DDIM steps with guidance (both halves in one
/// batch) and without, in ONNX Runtime and in eager TorchSharp, for each batch size.
/// </summary>
internal static class ImageBenchmark
{
    public static int Run(string[] args)
    {
        var folder = BenchOptions.Get(args, "--checkpoint") ?? Path.Combine(BenchOptions.RepositoryRoot(), "jobs", "Feedback.Jobs", "BaseModels", "image-base");
        var steps = BenchOptions.Int(args, "--steps", 20);
        var batchSizes = BenchOptions.Ints(args, "--batches", "1,16");
        var repeats = BenchOptions.Int(args, "--repeats", 3);

        using var model = ImageCheckpoint.Load(folder);
        using var pipeline = DiffusionPipeline.Open(folder, InferenceDevice.Cpu);
        var sampler = new DdimSampler(model);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"image generation: {model.ParameterCount:N0} parameters, {model.Config.ImageSize}x{model.Config.ImageSize} images, {steps} DDIM steps, {Environment.ProcessorCount} cores, CPU, best of {repeats}"));
        Console.WriteLine($"{"batch",5}  {"ORT guided",12}  {"ORT unguided",13}  {"eager guided",13}  {"eager unguided",15}  guided/unguided (ORT)  ORT/eager (guided)");
        foreach (var batch in batchSizes)
        {
            var captions = SceneGenerator.Generate(batch, seed: 5).Select(e => e.Caption).ToList();
            var seeds = Enumerable.Range(1, batch).ToList();
            double Ort(double guidance) => ImagesPerSecond(batch, repeats, () => pipeline.Generate(captions, seeds, new ImageGenerationSettings { Steps = steps, GuidanceScale = guidance }));
            double Eager(double guidance) => ImagesPerSecond(batch, repeats, () =>
            {
                using var noise = randn(batch, model.Config.LatentChannels, model.Config.LatentSize, model.Config.LatentSize);
                sampler.Sample(noise, captions, steps, guidance).Dispose();
            });

            var (ortGuided, ortPlain, eagerGuided, eagerPlain) = (Ort(5), Ort(1), Eager(5), Eager(1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{batch,5}  {ortGuided,8:F1} i/s  {ortPlain,9:F1} i/s  {eagerGuided,9:F1} i/s  {eagerPlain,11:F1} i/s  {ortGuided / ortPlain,20:F2}x  {ortGuided / eagerGuided,17:F2}x"));
        }

        return 0;
    }

    private static double ImagesPerSecond(int images, int repeats, Action draw)
    {
        draw();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            draw();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return images / best;
    }
}
