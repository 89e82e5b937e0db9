using Microsoft.ML.OnnxRuntime;

namespace Feedback.Sampling.Diffusion;

/// <summary>
/// Draws images from captions with an image checkpoint's three ONNX parts: the caption encoder once, then the denoiser
/// for each DDIM step with the captioned and the empty-caption halves in one batch (classifier-free guidance), then
/// the VAE decoder. Each image's starting noise comes from its own seed, so an image does not depend on its batch.
/// </summary>
public sealed class DiffusionPipeline : IDisposable
{
    public const string TextEncoderFile = "text_encoder.onnx";
    public const string UNetFile = "unet.onnx";
    public const string VaeDecoderFile = "vae_decoder.onnx";

    private readonly OnnxSession _textEncoder;
    private readonly OnnxSession _unet;
    private readonly OnnxSession _vaeDecoder;
    private readonly CaptionIds _captionIds;

    private DiffusionPipeline(DiffusionModelInfo model, OnnxSession textEncoder, OnnxSession unet, OnnxSession vaeDecoder)
    {
        Model = model;
        _textEncoder = textEncoder;
        _unet = unet;
        _vaeDecoder = vaeDecoder;
        _captionIds = new CaptionIds(model.Vocabulary, model.MaxTokens);
    }

    public DiffusionModelInfo Model { get; }

    public InferenceDevice Device => _unet.Device;

    public static DiffusionPipeline Open(string folder, InferenceDevice? device = null)
    {
        var model = DiffusionModelInfo.Read(folder);
        var opened = new List<OnnxSession>();
        try
        {
            foreach (var file in new[] { TextEncoderFile, UNetFile, VaeDecoderFile })
            {
                opened.Add(OnnxSessionFactory.Create(Path.Combine(folder, file), device));
            }

            return new DiffusionPipeline(model, opened[0], opened[1], opened[2]);
        }
        catch
        {
            opened.ForEach(session => session.Dispose());
            throw;
        }
    }

    /// <param name="seeds">One seed per caption, for its starting noise (and for the fresh noise of each step when eta is above 0).</param>
    public IReadOnlyList<GeneratedImage> Generate(IReadOnlyList<string> captions, IReadOnlyList<int> seeds, ImageGenerationSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(captions);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (captions.Count != seeds.Count)
        {
            throw new ArgumentException($"{captions.Count} captions but {seeds.Count} seeds.", nameof(seeds));
        }

        if (captions.Count == 0)
        {
            return [];
        }

        var batch = captions.Count;
        var guided = settings.GuidanceScale != 1;
        var rows = guided ? 2 * batch : batch;
        var perImage = Model.LatentChannels * Model.LatentSize * Model.LatentSize;
        var latents = new float[batch * perImage];
        for (var i = 0; i < batch; i++)
        {
            GaussianNoise.Fill(latents.AsSpan(i * perImage, perImage), seeds[i]);
        }

        var context = EncodeCaptions(guided ? [.. captions, .. Enumerable.Repeat(string.Empty, batch)] : captions);
        var schedule = new DdimSchedule(Model.TrainTimesteps, Model.BetaStart, Model.BetaEnd, settings.Steps);
        var noise = settings.Eta > 0 ? new float[latents.Length] : [];
        var stepRandom = settings.Eta > 0 ? seeds.Select(s => new Random(unchecked((s * 7919) + 17))).ToArray() : [];
        var input = new float[rows * perImage];
        var predicted = new float[latents.Length];
        for (var index = 0; index < schedule.Timesteps.Count; index++)
        {
            ct.ThrowIfCancellationRequested();
            var t = schedule.Timesteps[index];
            latents.CopyTo(input, 0);
            if (guided)
            {
                latents.CopyTo(input, latents.Length);
            }

            var output = RunUNet(input, rows, t, context);
            for (var i = 0; i < latents.Length; i++)
            {
                predicted[i] = guided
                    ? (float)(output[latents.Length + i] + (settings.GuidanceScale * (output[i] - output[latents.Length + i])))
                    : output[i];
            }

            if (settings.Eta > 0)
            {
                for (var image = 0; image < batch; image++)
                {
                    GaussianNoise.Fill(noise.AsSpan(image * perImage, perImage), stepRandom[image].Next());
                }
            }

            schedule.Step(latents, predicted, t, schedule.Next(index), settings.Eta, noise);
        }

        return Decode(latents, batch, seeds);
    }

    public void Dispose()
    {
        _textEncoder.Dispose();
        _unet.Dispose();
        _vaeDecoder.Dispose();
    }

    private float[] EncodeCaptions(IReadOnlyList<string> captions)
    {
        var ids = _captionIds.Encode(captions);
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [captions.Count, Model.MaxTokens]);
        using var options = new RunOptions();
        using var outputs = _textEncoder.Session.Run(options, ["input_ids"], [input], ["text_embeddings"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private float[] RunUNet(float[] latents, int rows, int timestep, float[] context)
    {
        var size = Model.LatentSize;
        var timesteps = Enumerable.Repeat((float)timestep, rows).ToArray();
        using var latentValue = OrtValue.CreateTensorValueFromMemory(latents, [rows, Model.LatentChannels, size, size]);
        using var timestepValue = OrtValue.CreateTensorValueFromMemory(timesteps, [rows]);
        using var contextValue = OrtValue.CreateTensorValueFromMemory(context, [rows, Model.MaxTokens, context.Length / rows / Model.MaxTokens]);
        using var options = new RunOptions();
        using var outputs = _unet.Session.Run(options, ["latents", "timesteps", "text_embeddings"], [latentValue, timestepValue, contextValue], ["noise_pred"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private GeneratedImage[] Decode(float[] latents, int batch, IReadOnlyList<int> seeds)
    {
        var size = Model.LatentSize;
        using var input = OrtValue.CreateTensorValueFromMemory(latents, [batch, Model.LatentChannels, size, size]);
        using var options = new RunOptions();
        using var outputs = _vaeDecoder.Session.Run(options, ["latents"], [input], ["images"]);
        var pixels = outputs[0].GetTensorDataAsSpan<float>();
        var plane = Model.ImageSize * Model.ImageSize;
        var images = new GeneratedImage[batch];
        for (var i = 0; i < batch; i++)
        {
            images[i] = new GeneratedImage(ToRgb(pixels.Slice(i * 3 * plane, 3 * plane), plane), Model.ImageSize, seeds[i]);
        }

        return images;
    }

    private static byte[] ToRgb(ReadOnlySpan<float> channelsFirst, int plane)
    {
        var rgb = new byte[plane * 3];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                rgb[(p * 3) + c] = (byte)Math.Clamp(MathF.Round((channelsFirst[(c * plane) + p] + 1f) * 127.5f), 0, 255);
            }
        }

        return rgb;
    }
}
