using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>A list of image preferences as tensors: chosen and rejected images [n, 3, size, size] in -1..1, caption token ids [n, tokens] and what each caption asks for.</summary>
internal sealed class ImagePreferenceTensors : IDisposable
{
    private ImagePreferenceTensors(Tensor chosen, Tensor rejected, Tensor tokens, Tensor requirements, IReadOnlyList<string> captions)
    {
        Requirements = requirements;
        Chosen = chosen;
        Rejected = rejected;
        Tokens = tokens;
        Captions = captions;
    }

    public Tensor Chosen { get; }

    public Tensor Rejected { get; }

    public Tensor Tokens { get; }

    /// <summary>What each caption asks for, [n, readout outputs].</summary>
    public Tensor Requirements { get; }

    public IReadOnlyList<string> Captions { get; }

    public int Count => Captions.Count;

    public static ImagePreferenceTensors Create(IReadOnlyList<ImagePreferencePair> pairs, int imageSize, int maxTokens, Device device)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var expected = imageSize * imageSize * 3;
        var bad = pairs.Select((pair, index) => (pair, index))
            .FirstOrDefault(p => p.pair.ChosenRgb.Length != expected || p.pair.RejectedRgb.Length != expected);
        if (bad.pair is not null)
        {
            throw new ArgumentException($"Pair {bad.index} does not hold two {imageSize}x{imageSize} RGB images.");
        }

        var captions = pairs.Select(p => p.Caption).ToList();
        var ids = CaptionTokenizer.Default.EncodeBatch(captions, maxTokens);
        return new ImagePreferenceTensors(
            ImagePixels.ToTensor(pairs.Select(p => p.ChosenRgb).ToList(), imageSize, device),
            ImagePixels.ToTensor(pairs.Select(p => p.RejectedRgb).ToList(), imageSize, device),
            tensor(ids, [pairs.Count, maxTokens], device: device),
            ImageRewardModel.Requirements(captions, device),
            captions);
    }

    public void Dispose()
    {
        Chosen.Dispose();
        Rejected.Dispose();
        Tokens.Dispose();
        Requirements.Dispose();
    }
}
