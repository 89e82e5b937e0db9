using System.Text.Json;
using TorchSharp.Modules;

namespace Feedback.Training.Text.Training;

/// <summary>
/// The resume point of a run in its folder: the weights, the optimizer's moments and the step. It is written to a
/// new folder and swapped in, so a run killed while saving still finds the previous point whole.
/// </summary>
public sealed class TextResumePoint(string runDirectory)
{
    private const string FolderName = "resume";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";

    private string Folder => Path.Combine(runDirectory, FolderName);

    public TextResumeState? TryLoad(LlamaModel model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        // A run killed in the middle of swapping left its last point under the previous name.
        var folder = Directory.Exists(Folder) ? Folder : Path.Combine(runDirectory, FolderName + ".previous");
        var statePath = Path.Combine(folder, StateFile);
        if (!File.Exists(statePath))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<TextResumeState>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath} is empty.");
        model.load(Path.Combine(folder, ModelFile));
        optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
        return state;
    }

    public void Save(LlamaModel model, OptimizerHelper optimizer, TextResumeState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        Directory.CreateDirectory(runDirectory);
        var next = Path.Combine(runDirectory, FolderName + ".next");
        var previous = Path.Combine(runDirectory, FolderName + ".previous");
        if (Directory.Exists(next))
        {
            Directory.Delete(next, recursive: true);
        }

        Directory.CreateDirectory(next);
        model.save(Path.Combine(next, ModelFile));
        optimizer.save_state_dict(Path.Combine(next, OptimizerFile));
        File.WriteAllText(Path.Combine(next, StateFile), JsonSerializer.Serialize(state));

        if (Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
        }

        if (Directory.Exists(Folder))
        {
            Directory.Move(Folder, previous);
        }

        Directory.Move(next, Folder);
        if (Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
        }
    }
}
