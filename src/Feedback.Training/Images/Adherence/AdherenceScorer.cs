using Feedback.Training.Datasets.Scenes;
using Feedback.Training.Images.Training;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Adherence;

/// <summary>
/// How well an image follows its caption, from 0 to 1: the share of the caption's requirements that the image meets as
/// the classifier reads it (its most likely count per slot and background). Each group of shapes asks for its count of
/// that kind and colour; "no other shapes" asks for none in every other slot; a named background asks for that
/// background. Sizes and spatial relations are not read.
/// </summary>
public sealed class AdherenceScorer(AdherenceClassifier classifier)
{
    /// <param name="rgbImages">Each image as row-major RGB bytes at the classifier's size.</param>
    public double[] Score(IReadOnlyList<byte[]> rgbImages, IReadOnlyList<string> captions)
    {
        ArgumentNullException.ThrowIfNull(rgbImages);
        ArgumentNullException.ThrowIfNull(captions);
        if (rgbImages.Count != captions.Count)
        {
            throw new ArgumentException($"{rgbImages.Count} images but {captions.Count} captions.");
        }

        using var images = ImagePixels.ToTensor(rgbImages, classifier.ImageSize);
        return Score(images, captions);
    }

    /// <param name="images">[batch, 3, size, size] in -1..1.</param>
    public double[] Score(Tensor images, IReadOnlyList<string> captions)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(captions);
        classifier.eval();
        using var noGrad = no_grad();
        var (countTensor, backgroundTensor) = classifier.Read(images.to(classifier.parameters().First().device));
        using (countTensor)
        using (backgroundTensor)
        {
            var counts = countTensor.cpu().data<float>().ToArray();
            var backgrounds = backgroundTensor.cpu().data<float>().ToArray();
            return captions.Select((caption, i) => Score(caption, counts.AsSpan(i * SceneReadout.Slots * SceneReadout.CountClasses), backgrounds.AsSpan(i * SceneReadout.Backgrounds))).ToArray();
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    private static double Score(string caption, ReadOnlySpan<float> counts, ReadOnlySpan<float> backgrounds)
    {
        if (!SceneCaption.TryParse(caption, out var request) || request is null)
        {
            return 0;
        }

        var slotCounts = new int[SceneReadout.Slots];
        for (var slot = 0; slot < SceneReadout.Slots; slot++)
        {
            slotCounts[slot] = ArgMax(counts.Slice(slot * SceneReadout.CountClasses, SceneReadout.CountClasses));
        }

        int Count(int slot) => slotCounts[slot];
        var met = new List<bool>();
        var asked = new HashSet<int>();
        foreach (var group in request.Groups)
        {
            var slot = SceneReadout.Slot(group.Kind, group.Color);
            asked.Add(slot);
            met.Add(Count(slot) == SceneReadout.CountClass(group.Count));
        }

        met.Add(Enumerable.Range(0, SceneReadout.Slots).Where(slot => !asked.Contains(slot)).All(slot => Count(slot) == 0));
        if (request.Background is { } background)
        {
            met.Add(ArgMax(backgrounds) == (int)background);
        }

        return met.Average(m => m ? 1.0 : 0.0);
    }
}
