using Feedback.Training.Images;
using Feedback.Training.Images.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Images;

public sealed class LatentDiffusionModelTests
{
    internal static readonly ImageModelConfig Tiny = new()
    {
        ImageSize = 16,
        VaeChannels = 8,
        UNetChannels = 16,
        TextWidth = 16,
        TextLayers = 1,
        GroupNormGroups = 4,
        Heads = 2,
        TrainTimesteps = 50,
    };

    [Fact]
    public void The_vae_maps_images_to_latents_a_quarter_as_wide_and_back()
    {
        torch.manual_seed(1);
        using var model = new LatentDiffusionModel(Tiny);
        using var scenes = SceneImageSet.Generate(4, seed: 1, size: 16);

        using var latents = model.EncodeImages(scenes.Images);
        using var images = model.Decode(latents);

        latents.shape.ShouldBe([4L, 4, 4, 4]);
        images.shape.ShouldBe([4L, 3, 16, 16]);
        model.Vae.Loss(scenes.Images, 1e-4).Loss.item<float>().ShouldSatisfyAllConditions(l => float.IsFinite(l).ShouldBeTrue());
    }

    [Fact]
    public void The_denoiser_predicts_noise_shaped_like_its_latents_for_any_caption()
    {
        torch.manual_seed(1);
        using var model = new LatentDiffusionModel(Tiny);
        using var latents = randn(3, 4, 4, 4);
        using var context = model.EncodeCaptions(["a red circle", "two blue squares on a gray background", ""]);

        using var noise = model.PredictNoise(latents, tensor(new float[] { 0, 10, 49 }), context);

        context.shape.ShouldBe([3L, Tiny.MaxTokens, 16]);
        noise.shape.ShouldBe(latents.shape);
        noise.isfinite().all().item<bool>().ShouldBeTrue();
    }
}
