using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// DDIM sampling in TorchSharp, the same algorithm as the ONNX Runtime pipeline (evenly spaced timesteps from the
/// noisiest, classifier-free guidance with both halves in one batch, ᾱ = 1 after the last step): for benchmarks
/// against it, and for training that needs gradients or log-probabilities along the chain.
/// </summary>
public sealed class DdimSampler(LatentDiffusionModel model)
{
    /// <param name="noise">Starting latents [batch, latent, s, s], standard normal.</param>
    /// <returns>Images [batch, 3, size, size], about -1..1.</returns>
    public Tensor Sample(Tensor noise, IReadOnlyList<string> captions, int steps, double guidanceScale, double eta = 0, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(captions);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        var context = GuidedContext(model, captions, guidanceScale);
        var latents = noise.to(model.Device);
        var timesteps = Timesteps(model.Schedule.Steps, steps);
        for (var index = 0; index < timesteps.Length; index++)
        {
            var t = timesteps[index];
            var next = index + 1 < timesteps.Length ? timesteps[index + 1] : -1;
            latents = Step(latents, GuidedNoise(model, latents, context, t, guidanceScale), t, next, eta, generator);
        }

        return model.Decode(latents).MoveToOuterDisposeScope();
    }

    /// <summary>The captions' embeddings, followed with guidance by as many of the empty caption's.</summary>
    internal static Tensor GuidedContext(LatentDiffusionModel model, IReadOnlyList<string> captions, double guidanceScale) =>
        model.EncodeCaptions(guidanceScale != 1 ? [.. captions, .. Enumerable.Repeat(string.Empty, captions.Count)] : captions);

    /// <summary>
    /// The noise prediction the sampler steps with: with guidance, <paramref name="context"/> holds the captions' embeddings
    /// and then the empty caption's, both halves run in one batch, and the prediction is pushed away from the unconditional one.
    /// </summary>
    internal static Tensor GuidedNoise(LatentDiffusionModel model, Tensor latents, Tensor context, int t, double guidanceScale)
    {
        using var scope = NewDisposeScope();
        var guided = guidanceScale != 1;
        var input = guided ? cat([latents, latents], 0) : latents;
        var predicted = model.PredictNoise(input, full(input.shape[0], (float)t, device: latents.device), context);
        if (guided)
        {
            var halves = predicted.chunk(2, 0);
            predicted = halves[1] + (guidanceScale * (halves[0] - halves[1]));
        }

        return predicted.MoveToOuterDisposeScope();
    }

    /// <summary>Evenly spaced timesteps from the noisiest down, as the ONNX Runtime pipeline visits them.</summary>
    public static int[] Timesteps(int trainTimesteps, int steps)
    {
        var stride = Math.Max(1, trainTimesteps / steps);
        return Enumerable.Range(0, Math.Min(steps, trainTimesteps)).Select(i => i * stride).Reverse().ToArray();
    }

    private Tensor Step(Tensor latents, Tensor predicted, int t, int next, double eta, Generator? generator)
    {
        var (mean, sigma) = DdimStep.Next(model.Schedule, latents, predicted, t, next, eta);
        return sigma > 0 ? mean + (sigma * randn(latents.shape, generator: generator, device: latents.device)) : mean;
    }
}
