using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images.Adherence;

/// <summary>A small convolutional network from a 32x32 image in -1..1 to the logits of a <see cref="SceneReadout"/>.</summary>
public sealed class AdherenceClassifier : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv1")]
    private readonly Conv2d _conv1;

    [ComponentName(Name = "conv2")]
    private readonly Conv2d _conv2;

    [ComponentName(Name = "conv3")]
    private readonly Conv2d _conv3;

    [ComponentName(Name = "conv4")]
    private readonly Conv2d _conv4;

    [ComponentName(Name = "hidden")]
    private readonly Linear _hidden;

    [ComponentName(Name = "head")]
    private readonly Linear _head;

    public AdherenceClassifier(int imageSize = 32)
        : base(nameof(AdherenceClassifier))
    {
        ImageSize = imageSize;
        _conv1 = nn.Conv2d(3, 32, 3, padding: 1);
        _conv2 = nn.Conv2d(32, 64, 3, stride: 2, padding: 1);
        _conv3 = nn.Conv2d(64, 64, 3, stride: 2, padding: 1);
        _conv4 = nn.Conv2d(64, 64, 3, stride: 2, padding: 1);
        _hidden = nn.Linear(64 * (imageSize / 8) * (imageSize / 8), FeatureWidth);
        _head = nn.Linear(FeatureWidth, SceneReadout.Outputs);
        RegisterComponents();
    }

    public int ImageSize { get; }

    /// <summary>Width of the features <see cref="Encode"/> returns beside the logits.</summary>
    public const int FeatureWidth = 256;

    public override Tensor forward(Tensor input)
    {
        var (features, logits) = Encode(input);
        features.Dispose();
        return logits;
    }

    /// <returns>The last hidden features [batch, <see cref="FeatureWidth"/>] and the readout logits.</returns>
    public (Tensor Features, Tensor Logits) Encode(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.silu(_conv1.call(input));
        hidden = nn.functional.silu(_conv2.call(hidden));
        hidden = nn.functional.silu(_conv3.call(hidden));
        hidden = nn.functional.silu(_conv4.call(hidden));
        hidden = nn.functional.silu(_hidden.call(hidden.flatten(1)));
        var logits = _head.call(hidden);
        return (hidden.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    /// <summary>Count probabilities per slot and background probabilities from readout logits, flattened to [batch, outputs].</summary>
    public static Tensor Probabilities(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var slots = SceneReadout.Slots * SceneReadout.CountClasses;
        var counts = logits.narrow(1, 0, slots).reshape(-1, SceneReadout.Slots, SceneReadout.CountClasses).softmax(-1).reshape(-1, slots);
        var backgrounds = logits.narrow(1, slots, SceneReadout.Backgrounds).softmax(-1);
        return cat([counts, backgrounds], 1).MoveToOuterDisposeScope();
    }

    /// <returns>Count probabilities [batch, slots, 4] and background probabilities [batch, backgrounds].</returns>
    public (Tensor Counts, Tensor Backgrounds) Read(Tensor images)
    {
        using var scope = NewDisposeScope();
        var logits = forward(images);
        var slots = SceneReadout.Slots * SceneReadout.CountClasses;
        var counts = logits.narrow(1, 0, slots).reshape(-1, SceneReadout.Slots, SceneReadout.CountClasses).softmax(-1);
        var backgrounds = logits.narrow(1, slots, SceneReadout.Backgrounds).softmax(-1);
        return (counts.MoveToOuterDisposeScope(), backgrounds.MoveToOuterDisposeScope());
    }

    /// <summary>Cross-entropy of the background plus that of every count slot, summed over slots: most slots hold nothing, and a mean over them would let "none everywhere" pass for learning.</summary>
    public Tensor Loss(Tensor images, Tensor countLabels, Tensor backgroundLabels)
    {
        using var scope = NewDisposeScope();
        var logits = forward(images);
        var slots = SceneReadout.Slots * SceneReadout.CountClasses;
        var countLogits = logits.narrow(1, 0, slots).reshape(-1, SceneReadout.CountClasses);
        var countLoss = nn.functional.cross_entropy(countLogits, countLabels.reshape(-1)) * SceneReadout.Slots;
        var backgroundLoss = nn.functional.cross_entropy(logits.narrow(1, slots, SceneReadout.Backgrounds), backgroundLabels);
        return (countLoss + backgroundLoss).MoveToOuterDisposeScope();
    }
}
