using Feedback.Training.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Images;

/// <summary>A pretrain-vae folder starts a new image model: its VAE is kept, and the denoiser may be made wider.</summary>
public sealed class ImageCheckpointVaeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("feedback-image-vae-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_wider_denoiser_keeps_the_saved_vae()
    {
        torch.manual_seed(3);
        using var saved = new LatentDiffusionModel(LatentDiffusionModelTests.Tiny);
        saved.SetLatentScale(0.8f);
        ImageCheckpoint.SaveVae(_folder, saved);

        using var same = ImageCheckpoint.LoadVae(_folder);
        using var wider = ImageCheckpoint.LoadVae(_folder, uNetChannels: 32);

        same.Config.UNetChannels.ShouldBe(16);
        wider.Config.UNetChannels.ShouldBe(32);
        wider.Config.LatentScale.ShouldBe(0.8f);
        wider.ParameterCount.ShouldBeGreaterThan(same.ParameterCount);
        var savedWeights = saved.ExportWeights();
        var vaeWeights = wider.ExportWeights().Where(pair => pair.Key.StartsWith("vae.", StringComparison.Ordinal)).ToList();
        vaeWeights.Count.ShouldBe(savedWeights.Keys.Count(name => name.StartsWith("vae.", StringComparison.Ordinal)));
        foreach (var (name, weight) in vaeWeights)
        {
            weight.allclose(savedWeights[name], rtol: 0, atol: 0).ShouldBeTrue(name);
        }
    }

    [Fact]
    public void A_width_the_group_norm_cannot_split_is_refused()
    {
        using var saved = new LatentDiffusionModel(LatentDiffusionModelTests.Tiny);
        ImageCheckpoint.SaveVae(_folder, saved);

        Should.Throw<InvalidDataException>(() => ImageCheckpoint.LoadVae(_folder, uNetChannels: 30).Dispose())
            .Message.ShouldContain("unet_channels (30)");
    }
}
