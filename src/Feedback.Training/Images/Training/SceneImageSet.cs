using Feedback.Training.Datasets.Scenes;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Training;

/// <summary>Captioned scenes drawn at the model's size, as one tensor of images in -1..1 [count, 3, size, size] and their captions.</summary>
public sealed class SceneImageSet : IDisposable
{
    private SceneImageSet(Tensor images, IReadOnlyList<string> captions)
    {
        Images = images;
        Captions = captions;
    }

    public Tensor Images { get; }

    public IReadOnlyList<string> Captions { get; }

    public int Count => Captions.Count;

    public static SceneImageSet Generate(int count, int seed, int size)
    {
        var examples = SceneGenerator.Generate(count, seed).ToList();
        var pixels = new float[count * 3 * size * size];
        Parallel.For(0, count, i => ImagePixels.ToChannelsFirst(SceneRenderer.Render(examples[i].Scene, size), size, pixels.AsSpan(i * 3 * size * size, 3 * size * size)));
        return new SceneImageSet(tensor(pixels, [count, 3, size, size]), examples.Select(e => e.Caption).ToList());
    }

    public void Dispose() => Images.Dispose();
}
