using Feedback.Core.Projects;
using Feedback.Sampling.Imaging;
using Feedback.Training.Datasets.Scenes;

namespace Feedback.Jobs.Demo;

/// <summary>
/// Image items from the built-in captioned scenes: each caption with the scene drawn to follow it and a near miss
/// (one colour, shape, count, size, background or relation changed), on random sides; a few are gold.
/// </summary>
internal static class DemoImageItems
{
    public const int ImageSize = 128;

    public const string Guidelines = """
        ### Which image follows its caption?

        Read the caption, then look at both images. Check **every** part of the caption: the shapes, their colours, how many there are, their sizes, where they are, and the background.

        The better image is the one that gets more of the caption right. Use zoom (mouse wheel) and the **flicker** button to spot small differences. Pick *tie* when both are equally right or wrong, and *both bad* when neither follows the caption.
        """;

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
