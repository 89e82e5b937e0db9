using Feedback.Jobs.Generation;
using Feedback.Training.Images.Adherence;

namespace Feedback.Jobs.Training.Images;

/// <summary>
/// The prompt-adherence score of images for their captions, from the shipped adherence classifier (loaded on first
/// use, one caller at a time): the share of what a caption asks for (counts of each kind and colour, nothing else,
/// the background) that an image shows.
/// </summary>
public sealed class SceneJudge : IDisposable
{
    private readonly Lock _gate = new();
    private AdherenceClassifier? _classifier;

    /// <summary>The side of the images the classifier reads.</summary>
    public int ImageSize
    {
        get
        {
            lock (_gate)
            {
                return Classifier().ImageSize;
            }
        }
    }

    /// <param name="rgbImages">Row-major RGB bytes at <see cref="ImageSize"/>.</param>
    public double[] Score(IReadOnlyList<byte[]> rgbImages, IReadOnlyList<string> captions)
    {
        lock (_gate)
        {
            return new AdherenceScorer(Classifier()).Score(rgbImages, captions);
        }
    }

    private AdherenceClassifier Classifier() =>
        _classifier ??= AdherenceCheckpoint.Load(BaseCheckpoints.ShippedFolder(BaseCheckpoints.SceneAdherenceName));

    public void Dispose()
    {
        lock (_gate)
        {
            _classifier?.Dispose();
            _classifier = null;
        }
    }
}
