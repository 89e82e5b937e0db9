using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>What a trainer computes for one step: the mean loss to minimize and the metrics it reports.</summary>
internal sealed record StepLoss(Tensor Loss, IReadOnlyDictionary<string, double> Metrics);
