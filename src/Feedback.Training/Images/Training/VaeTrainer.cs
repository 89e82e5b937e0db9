using static TorchSharp.torch;

namespace Feedback.Training.Images.Training;

/// <summary>
/// Trains the model's VAE on scene images (reconstruction error plus a small KL term), then sets the latent scale to
/// one over the standard deviation of the training latents, so that diffusion sees latents of about unit variance.
/// </summary>
public sealed class VaeTrainer(ImageTrainingOptions options, double klWeight = 1e-4)
{
    private const int EvalImages = 512;

    public ImageTrainingReport Run(
        LatentDiffusionModel model, SceneImageSet train, SceneImageSet heldOut, string runDirectory,
        IProgress<ImageTrainingProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        var vae = model.Vae;
        var device = model.Device;
        var trainImages = train.Images.to(device);
        var heldOutImages = heldOut.Images.narrow(0, 0, Math.Min(EvalImages, heldOut.Count)).to(device);
        var loop = new ImageTrainingLoop(options);
        var report = loop.Run(
            new Dictionary<string, nn.Module> { ["vae"] = vae },
            vae.parameters().ToList(),
            step =>
            {
                var (indices, generator) = StepBatch.Of(options, step, train.Count, device);
                using (generator)
                {
                    return vae.Loss(trainImages.index_select(0, indices), klWeight, generator).Loss;
                }
            },
            () => ReconstructionError(model, heldOutImages),
            runDirectory,
            progress,
            ct);

        model.SetLatentScale(MeasureLatentScale(model, trainImages));
        return report;
    }

    /// <summary>Mean squared error, per pixel value in -1..1, of reconstructions from the latent means.</summary>
    public static double ReconstructionError(LatentDiffusionModel model, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = no_grad();
        model.eval();
        double total = 0;
        var count = images.shape[0];
        for (long start = 0; start < count; start += 256)
        {
            using var scope = NewDisposeScope();
            var batch = images.narrow(0, start, Math.Min(256, count - start));
            total += nn.functional.mse_loss(model.Vae.call(batch), batch, reduction: nn.Reduction.Sum).item<float>();
        }

        return total / images.numel();
    }

    private static float MeasureLatentScale(LatentDiffusionModel model, Tensor images)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        var sample = images.narrow(0, 0, Math.Min(2048, images.shape[0]));
        var std = model.Vae.Encoder.call(sample).Mean.std().item<float>();
        return 1f / std;
    }
}
