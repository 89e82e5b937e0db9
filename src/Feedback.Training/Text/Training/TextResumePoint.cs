using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Training;

/// <summary>A text run's resume point: the model (model.bin), the optimizer and the step, swapped in whole.</summary>
public sealed class TextResumePoint(string runDirectory)
{
    private const string ModelName = "model";

    private readonly ResumePoint<TextResumeState> _point = new(runDirectory);

    public TextResumeState? TryLoad(nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _point.TryLoad(new Dictionary<string, nn.Module> { [ModelName] = model }, optimizer);
    }

    public void Save(nn.Module model, OptimizerHelper optimizer, TextResumeState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        _point.Save(new Dictionary<string, nn.Module> { [ModelName] = model }, optimizer, state);
    }
}
