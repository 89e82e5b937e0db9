using static TorchSharp.torch;

namespace Feedback.Training.Images.Training;

/// <summary>
/// Trains the caption encoder and the denoiser on scene images through a frozen VAE: noise the scaled latents at a
/// random timestep and predict the noise (mean squared error). A share of captions is replaced by the empty caption,
/// so that the same model also predicts without one, which classifier-free guidance needs.
/// </summary>
public sealed class DiffusionTrainer(ImageTrainingOptions options, double captionDropout = 0.1)
{
    private const int EvalImages = 512;

    public ImageTrainingReport Run(
        LatentDiffusionModel model, SceneImageSet train, SceneImageSet heldOut, string runDirectory,
        IProgress<ImageTrainingProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        var device = model.Device;
        foreach (var parameter in model.Vae.parameters())
        {
            parameter.requires_grad = false;
        }

        var trainLatents = Encode(model, train.Images.to(device));
        var trainTokens = Tokens(model, train.Captions);
        var evalCount = Math.Min(EvalImages, heldOut.Count);
        var heldOutLatents = Encode(model, heldOut.Images.narrow(0, 0, evalCount).to(device));
        var heldOutTokens = Tokens(model, heldOut.Captions.Take(evalCount).ToList());
        var alphaBars = tensor(model.Schedule.AlphaBars.Select(a => (float)a).ToArray(), device: device);
        var trained = model.TextEncoder.parameters().Concat(model.UNet.parameters()).ToList();

        var loop = new ImageTrainingLoop(options);
        return loop.Run(
            new Dictionary<string, nn.Module> { ["text_encoder"] = model.TextEncoder, ["unet"] = model.UNet },
            trained,
            step =>
            {
                var (indices, generator) = StepBatch.Of(options, step, train.Count, device);
                using (generator)
                {
                    var tokens = trainTokens.index_select(0, indices);
                    var keep = (rand([options.BatchSize, 1], generator: generator, device: device) >= captionDropout).to(ScalarType.Int64);
                    return NoiseLoss(model, trainLatents.index_select(0, indices), tokens * keep, alphaBars, generator);
                }
            },
            () =>
            {
                using var generator = new Generator(12_345, device);
                return NoiseLoss(model, heldOutLatents, heldOutTokens, alphaBars, generator).item<float>();
            },
            runDirectory,
            progress,
            ct);
    }

    /// <summary>The denoising loss on a batch: mean squared error between the noise added at random timesteps and the noise predicted.</summary>
    internal static Tensor NoiseLoss(LatentDiffusionModel model, Tensor latents, Tensor tokens, Tensor alphaBars, Generator generator)
    {
        using var scope = NewDisposeScope();
        var batch = latents.shape[0];
        var timesteps = randint(0, alphaBars.shape[0], [batch], generator: generator, device: latents.device);
        var noise = randn(latents.shape, generator: generator, device: latents.device);
        var alphaBar = alphaBars.index_select(0, timesteps).reshape(batch, 1, 1, 1);
        var noisy = (alphaBar.sqrt() * latents) + ((1 - alphaBar).sqrt() * noise);
        var predicted = model.PredictNoise(noisy, timesteps.to(ScalarType.Float32), model.EncodeCaptions(tokens));
        return nn.functional.mse_loss(predicted, noise).MoveToOuterDisposeScope();
    }

    private static Tensor Encode(LatentDiffusionModel model, Tensor images)
    {
        using var noGrad = no_grad();
        model.eval();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += 512)
        {
            parts.Add(model.EncodeImages(images.narrow(0, start, Math.Min(512, images.shape[0] - start))));
        }

        return cat(parts, 0);
    }

    private static Tensor Tokens(LatentDiffusionModel model, IReadOnlyList<string> captions) =>
        tensor(CaptionTokenizer.Default.EncodeBatch(captions, model.Config.MaxTokens), [captions.Count, model.Config.MaxTokens], device: model.Device);
}
