using Feedback.Training.Datasets.Scenes;
using Feedback.Training.Images.Training;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Adherence;

/// <summary>
/// Trains the adherence classifier on drawn scenes: each captioned scene and a near miss of it (so counts of zero to
/// four and every background occur), softened now and then by blur and noise, and half of each batch passed through
/// an image model's VAE when one is given, so that it reads generated images as well as drawn ones.
/// </summary>
public sealed class AdherenceTrainer(ImageTrainingOptions options, LatentDiffusionModel? vae = null)
{
    public ImageTrainingReport Run(
        AdherenceClassifier classifier, int scenes, int seed, string runDirectory,
        IProgress<ImageTrainingProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var device = classifier.parameters().First().device;
        var (trainImages, trainCounts, trainBackgrounds) = Draw(scenes, seed, classifier.ImageSize, device);
        var (heldOutImages, heldOutCounts, heldOutBackgrounds) = Draw(256, seed + 7919, classifier.ImageSize, device);
        var count = (int)trainImages.shape[0];
        return new ImageTrainingLoop(options).Run(
            new Dictionary<string, nn.Module> { ["classifier"] = classifier },
            classifier.parameters().ToList(),
            step =>
            {
                var (indices, generator) = StepBatch.Of(options, step, count, device);
                using (generator)
                {
                    var images = Augment(Reconstruct(trainImages.index_select(0, indices)), generator);
                    return classifier.Loss(images, trainCounts.index_select(0, indices), trainBackgrounds.index_select(0, indices));
                }
            },
            () => classifier.Loss(heldOutImages, heldOutCounts, heldOutBackgrounds).item<float>(),
            runDirectory,
            progress,
            ct);
    }

    /// <summary>The share of freshly drawn scenes read exactly right: every slot's count and the background.</summary>
    public static double Accuracy(AdherenceClassifier classifier, int scenes, int seed)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        classifier.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (images, counts, backgrounds) = Draw(scenes, seed, classifier.ImageSize, classifier.parameters().First().device);
        var (countProbabilities, backgroundProbabilities) = classifier.Read(images);
        var exact = countProbabilities.argmax(-1).eq(counts).all(1).logical_and(backgroundProbabilities.argmax(-1).eq(backgrounds));
        return exact.to(ScalarType.Float32).mean().item<float>();
    }

    private static (Tensor Images, Tensor Counts, Tensor Backgrounds) Draw(int count, int seed, int size, Device device)
    {
        var rng = new Random(seed);
        var drawn = SceneGenerator.Generate(count, seed)
            .SelectMany(example => new[] { example.Scene, SceneGenerator.Mistake(example, rng) })
            .ToList();
        var pixels = new float[drawn.Count * 3 * size * size];
        Parallel.For(0, drawn.Count, i => ImagePixels.ToChannelsFirst(SceneRenderer.Render(drawn[i], size), size, pixels.AsSpan(i * 3 * size * size, 3 * size * size)));
        var labels = drawn.Select(SceneReadout.Labels).ToList();
        return (
            tensor(pixels, [drawn.Count, 3, size, size], device: device),
            tensor(labels.SelectMany(l => l.Counts).ToArray(), [drawn.Count, SceneReadout.Slots], device: device),
            tensor(labels.Select(l => l.Background).ToArray(), device: device));
    }

    // The first half of the batch as the VAE gives it back: the softened edges and colours of generated images.
    private Tensor Reconstruct(Tensor images)
    {
        if (vae is null)
        {
            return images;
        }

        using var noGrad = no_grad();
        var half = images.shape[0] / 2;
        var rebuilt = vae.Decode(vae.EncodeImages(images.narrow(0, 0, half)));
        return cat([rebuilt, images.narrow(0, half, images.shape[0] - half)], 0);
    }

    // Half the batch blurred (3x3 box), and every image with a random amount of pixel noise.
    private static Tensor Augment(Tensor images, Generator generator)
    {
        var batch = images.shape[0];
        var blurred = nn.functional.avg_pool2d(images, 3, stride: 1, padding: 1, count_include_pad: false);
        var blur = (rand([batch, 1, 1, 1], generator: generator, device: images.device) < 0.5).to(images.dtype);
        var mixed = (blur * blurred) + ((1 - blur) * images);
        var noiseLevel = rand([batch, 1, 1, 1], generator: generator, device: images.device) * 0.15;
        return mixed + (noiseLevel * randn(images.shape, generator: generator, device: images.device));
    }
}
