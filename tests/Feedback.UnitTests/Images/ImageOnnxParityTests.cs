using Feedback.Sampling.Diffusion;
using Feedback.Training.Images;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Images;

/// <summary>Each exported part, run by ONNX Runtime, computes what the TorchSharp model computes (fp32, within 1e-4).</summary>
public sealed class ImageOnnxParityTests : IDisposable
{
    private const double Tolerance = 1e-4;
    private static readonly string[] Captions = ["a red circle", "two large blue squares on a gray background", "", "a white triangle left of a green square"];

    private readonly string _folder = Directory.CreateTempSubdirectory("feedback-image-onnx-").FullName;
    private readonly LatentDiffusionModel _model;

    public ImageOnnxParityTests()
    {
        torch.manual_seed(7);
        _model = new LatentDiffusionModel(LatentDiffusionModelTests.Tiny);
        using (no_grad())
        {
            // Zero-initialized projections would hide attention paths from the comparison.
            foreach (var parameter in _model.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.1);
            }
        }

        _model.SetLatentScale(0.7f);
        _model.eval();
        ImageCheckpoint.Save(_folder, _model);
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void The_caption_encoder_matches()
    {
        using var ids = tensor(CaptionTokenizer.Default.EncodeBatch(Captions, _model.Config.MaxTokens), [Captions.Length, _model.Config.MaxTokens]);
        using var expected = Run(() => _model.EncodeCaptions(ids));

        var actual = RunOnnx(ImageCheckpoint.TextEncoderOnnx, ("input_ids", OrtValue.CreateTensorValueFromMemory(ids.data<long>().ToArray(), ids.shape)));

        MaxDifference(expected, actual).ShouldBeLessThan(Tolerance);
    }

    [Fact]
    public void The_denoiser_matches_at_early_and_late_timesteps()
    {
        var s = _model.Config.LatentSize;
        using var latents = randn(Captions.Length, 4, s, s);
        using var timesteps = tensor(new float[] { 0, 7, 25, 49 });
        using var context = Run(() => _model.EncodeCaptions(Captions));
        using var expected = Run(() => _model.PredictNoise(latents, timesteps, context));

        var actual = RunOnnx(
            ImageCheckpoint.UNetOnnx,
            ("latents", Value(latents)),
            ("timesteps", Value(timesteps)),
            ("text_embeddings", Value(context)));

        MaxDifference(expected, actual).ShouldBeLessThan(Tolerance);
    }

    [Fact]
    public void The_vae_decoder_matches_with_the_latent_scale_applied()
    {
        var s = _model.Config.LatentSize;
        using var latents = randn(3, 4, s, s);
        using var expected = Run(() => _model.Decode(latents));

        var actual = RunOnnx(ImageCheckpoint.VaeDecoderOnnx, ("latents", Value(latents)));

        MaxDifference(expected, actual).ShouldBeLessThan(Tolerance);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void The_onnx_runtime_pipeline_draws_what_torchsharps_ddim_sampler_draws_from_the_same_noise(double guidance)
    {
        string[] captions = ["a red circle", "two blue squares"];
        int[] seeds = [11, 12];
        using var pipeline = DiffusionPipeline.Open(_folder);
        var drawn = pipeline.Generate(captions, seeds, new ImageGenerationSettings { Steps = 10, GuidanceScale = guidance });

        var s = _model.Config.LatentSize;
        var noise = new float[captions.Length * 4 * s * s];
        for (var i = 0; i < captions.Length; i++)
        {
            GaussianNoise.Fill(noise.AsSpan(i * 4 * s * s, 4 * s * s), seeds[i]);
        }

        using var initial = tensor(noise, [captions.Length, 4, s, s]);
        using var expected = new DdimSampler(_model).Sample(initial, captions, steps: 10, guidance);
        var size = _model.Config.ImageSize;
        for (var i = 0; i < captions.Length; i++)
        {
            var rgb = ImagePixels.ToRgb(expected[i].contiguous().data<float>().ToArray(), size);
            drawn[i].Size.ShouldBe(size);
            drawn[i].Rgb.Zip(rgb, (a, b) => Math.Abs(a - b)).Max().ShouldBeLessThanOrEqualTo(1, "pixels may differ by one step of rounding");
        }
    }

    private static Tensor Run(Func<Tensor> forward)
    {
        using var noGrad = no_grad();
        return forward();
    }

    private static OrtValue Value(Tensor tensor) => OrtValue.CreateTensorValueFromMemory(tensor.contiguous().data<float>().ToArray(), tensor.shape);

    private float[] RunOnnx(string file, params (string Name, OrtValue Value)[] inputs)
    {
        using var session = new InferenceSession(Path.Combine(_folder, file));
        using var options = new RunOptions();
        try
        {
            using var outputs = session.Run(options, inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Value).ToArray(), [session.OutputNames[0]]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var (_, value) in inputs)
            {
                value.Dispose();
            }
        }
    }

    private static double MaxDifference(Tensor expected, float[] actual)
    {
        var values = expected.contiguous().data<float>().ToArray();
        values.Length.ShouldBe(actual.Length);
        return values.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
    }
}
