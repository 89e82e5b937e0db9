using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs.Generation;
using Feedback.Sampling.Diffusion;
using Feedback.Sampling.Imaging;
using Feedback.Training.Datasets.Scenes;
using Feedback.Training.Images;
using Feedback.Training.Images.Adherence;
using Feedback.Training.Images.Training;
using Xunit.Abstractions;

namespace Feedback.IntegrationTests.Images;

/// <summary>
/// The shipped image model as a user meets it: it reconstructs scenes it never saw, follows captions better with
/// guidance, and draws a grid of samples (kept with their captions under artifacts/images) for a person to look at.
/// The shipped adherence classifier, which judges its images, reads new scenes exactly and tells them from near misses.
/// </summary>
public sealed class ImageBaseModelTests(ITestOutputHelper output)
{
    // Scenes from seeds the shipped models never trained or validated on.
    private const int UnseenSeed = 424_242;

    private static string ImageBase => BaseCheckpoints.ShippedFolder(BaseCheckpoints.ImageBaseName);

    [Fact]
    public void The_vae_reconstructs_unseen_scenes_within_a_few_levels_of_each_pixel()
    {
        using var model = ImageCheckpoint.Load(ImageBase);
        using var scenes = SceneImageSet.Generate(256, UnseenSeed, model.Config.ImageSize);

        var error = VaeTrainer.ReconstructionError(model, scenes.Images);

        output.WriteLine($"VAE reconstruction MSE on unseen scenes: {error:F5} (pixels in -1..1)");
        // An MSE of 0.01 is a root-mean-square error of 0.1, about 13 of 255 levels: edges soften, colours stay unmistakable.
        error.ShouldBeLessThan(0.01);
    }

    [Fact]
    public void Guidance_makes_the_base_model_follow_its_captions_better()
    {
        var captions = SceneGenerator.Generate(96, UnseenSeed).Select(e => e.Caption).ToList();
        var seeds = Enumerable.Range(1000, captions.Count).ToList();
        using var pipeline = DiffusionPipeline.Open(ImageBase);
        using var classifier = AdherenceCheckpoint.Load(BaseCheckpoints.ShippedFolder(BaseCheckpoints.SceneAdherenceName));
        var scorer = new AdherenceScorer(classifier);

        var scores = new Dictionary<double, double>();
        foreach (var guidance in new[] { 1.0, 3.0, 5.0, 7.0 })
        {
            var images = pipeline.Generate(captions, seeds, new ImageGenerationSettings { Steps = 20, GuidanceScale = guidance });
            scores[guidance] = scorer.Score(images.Select(i => i.Rgb).ToList(), captions).Average();
        }

        var figures = string.Join(", ", scores.Select(p => string.Create(CultureInfo.InvariantCulture, $"guidance {p.Key}: {p.Value:F3}")));
        output.WriteLine($"Mean adherence over {captions.Count} unseen captions, 20 DDIM steps: {figures}");
        Artifacts.Write("images/adherence-by-guidance.json", JsonSerializer.Serialize(scores.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value)));
        scores[5].ShouldBeGreaterThan(scores[1] + 0.1);
        scores[3].ShouldBeGreaterThan(scores[1]);
    }

    [Fact]
    public void The_adherence_score_tells_a_scene_that_follows_its_caption_from_a_near_miss()
    {
        var rng = new Random(5);
        var examples = SceneGenerator.Generate(200, UnseenSeed + 2).ToList();
        using var classifier = AdherenceCheckpoint.Load(BaseCheckpoints.ShippedFolder(BaseCheckpoints.SceneAdherenceName));
        var scorer = new AdherenceScorer(classifier);
        var captions = examples.Select(e => e.Caption).ToList();

        var right = scorer.Score(examples.Select(e => SceneRenderer.Render(e.Scene, classifier.ImageSize)).ToList(), captions);
        var wrong = scorer.Score(examples.Select(e => SceneRenderer.Render(SceneGenerator.Mistake(e, rng), classifier.ImageSize)).ToList(), captions);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Adherence of drawn scenes {right.Average():F3}, of their near misses {wrong.Average():F3}"));
        right.Average().ShouldBeGreaterThan(0.95);
        right.Average().ShouldBeGreaterThan(wrong.Average() + 0.3);
    }

    [Fact]
    public void The_adherence_classifier_reads_nearly_every_new_scene_exactly()
    {
        using var classifier = AdherenceCheckpoint.Load(BaseCheckpoints.ShippedFolder(BaseCheckpoints.SceneAdherenceName));

        var accuracy = AdherenceTrainer.Accuracy(classifier, 500, UnseenSeed + 3);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"New scenes and near misses read exactly (every count and the background): {accuracy:P1}"));
        accuracy.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void A_grid_of_samples_is_kept_with_its_captions_for_a_person_to_judge()
    {
        var examples = SceneGenerator.Generate(24, UnseenSeed + 1).ToList();
        var captions = examples.Select(e => e.Caption).ToList();
        using var pipeline = DiffusionPipeline.Open(ImageBase);

        var images = pipeline.Generate(captions, Enumerable.Range(1, captions.Count).ToList(), new ImageGenerationSettings());

        var html = new StringBuilder("<!doctype html><meta charset=\"utf-8\"><title>Base image model samples</title>")
            .Append("<style>body{font-family:sans-serif;display:flex;flex-wrap:wrap;gap:12px}figure{width:160px;margin:0}img{width:128px;image-rendering:pixelated}figcaption{font-size:12px}</style>");
        for (var i = 0; i < images.Count; i++)
        {
            var png = GeneratedImagePng.Encode(images[i]);
            PngDecoder.ReadSize(png).Width.ShouldBe(images[i].Size * 4);
            html.Append(CultureInfo.InvariantCulture, $"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{System.Net.WebUtility.HtmlEncode(captions[i])}</figcaption></figure>");
        }

        Artifacts.Write("images/base-model-samples.html", html.ToString());
        Artifacts.WriteBytes("images/base-model-samples.png", SampleGrid.Png(images, columns: 6));
    }
}
