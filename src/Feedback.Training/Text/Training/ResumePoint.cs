using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Training;

/// <summary>
/// The resume point of a run in its folder: the weights of each named module, the optimizer's moments and a state
/// record. It is written to a new folder and swapped in, so a run killed while saving still finds the previous point whole.
/// </summary>
public sealed class ResumePoint<TState>(string runDirectory)
    where TState : class
{
    private const string FolderName = "resume";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";

    // Metrics of a skipped step are NaN, which plain JSON numbers cannot hold.
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private string Folder => Path.Combine(runDirectory, FolderName);

    /// <summary>Loads the last saved point into the modules and the optimizer and returns its state; null when there is none.</summary>
    public TState? TryLoad(IReadOnlyDictionary<string, nn.Module> modules, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(optimizer);
        // A run killed in the middle of swapping left its last point under the previous name.
        var folder = Directory.Exists(Folder) ? Folder : Path.Combine(runDirectory, FolderName + ".previous");
        var statePath = Path.Combine(folder, StateFile);
        if (!File.Exists(statePath))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<TState>(File.ReadAllText(statePath), JsonOptions)
            ?? throw new InvalidDataException($"{statePath} is empty.");
        foreach (var (name, module) in modules)
        {
            module.load(Path.Combine(folder, name + ".bin"));
        }

        optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
        return state;
    }

    public void Save(IReadOnlyDictionary<string, nn.Module> modules, OptimizerHelper optimizer, TState state)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(optimizer);
        Directory.CreateDirectory(runDirectory);
        var next = Path.Combine(runDirectory, FolderName + ".next");
        var previous = Path.Combine(runDirectory, FolderName + ".previous");
        if (Directory.Exists(next))
        {
            Directory.Delete(next, recursive: true);
        }

        Directory.CreateDirectory(next);
        foreach (var (name, module) in modules)
        {
            module.save(Path.Combine(next, name + ".bin"));
        }

        optimizer.save_state_dict(Path.Combine(next, OptimizerFile));
        File.WriteAllText(Path.Combine(next, StateFile), JsonSerializer.Serialize(state, JsonOptions));

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
