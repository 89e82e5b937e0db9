using Feedback.Core.Projects;
using Feedback.Sampling.Imaging;
using Feedback.Training.Datasets.Scenes;

namespace Feedback.Jobs.Demo;

/// <summary>
/// The image demo's content from the built-in captioned scenes: gold pairs of a scene drawn to follow its caption and a
/// near miss (one colour, shape, count, size, background or relation changed) on random sides, and captions for the
/// base image model to draw.
/// </summary>
internal static class DemoImageItems
{
    public const int ImageSize = 128;

    public const string Guidelines = """
        ### Which image follows its caption?

        Read the caption, then look at both images. Check **every** part of the caption: the shapes, their colours, how many there are, their sizes, where they are, and the background.

        The better image is the one that gets more of the caption right. Use zoom (mouse wheel) and the **flicker** button to spot small differences. Pick *tie* when both are equally right or wrong, and *both bad* when neither follows the caption.
        """;

    /// <summary>Captions the raters' comparisons are drawn for, then <paramref name="heldOut"/> kept for evaluation.</summary>
    public static IReadOnlyList<NewPrompt> Captions(int count, int heldOut, int seed) =>
        SceneGenerator.Generate(count + heldOut, seed + 1)
            .Select((example, i) => new NewPrompt(example.Caption, [], IsHeldOut: i >= count))
            .ToList();

    public static IReadOnlyList<DemoItem> Create(int pairs, int gold, int seed)
    {
        var rng = new Random(seed);
        var items = new List<DemoItem>();
        foreach (var example in SceneGenerator.Generate(pairs + gold, seed))
        {
            var right = Png(example.Scene);
            var wrong = Png(SceneGenerator.Mistake(example, rng));
            var rightFirst = rng.Next(2) == 0;
            var item = new NewItem
            {
                Prompt = example.Caption,
                Candidates = rightFirst
                    ? [NewCandidate.FromPng(right), NewCandidate.FromPng(wrong)]
                    : [NewCandidate.FromPng(wrong), NewCandidate.FromPng(right)],
            };
            items.Add(new DemoItem(item, items.Count < gold ? (rightFirst ? 0 : 1) : null));
        }

        return items;
    }

    private static byte[] Png(Scene scene) => PngEncoder.EncodeRgb(SceneRenderer.Render(scene, ImageSize), ImageSize, ImageSize);
}
