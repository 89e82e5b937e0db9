using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// Low-rank adapters on a policy's attention (q, k, v, o) and MLP (gate, up, down) projections, added to their outputs
/// through forward hooks. The adapters are a module of their own, so the policy's parameters, names and exported
/// weights stay as they were; <see cref="Merge"/> folds them into the projection weights (W += alpha/r * B A) and
/// detaches them, after which the policy is a plain Llama again. Disposing detaches without merging.
/// </summary>
public sealed class LoraAdapters : nn.Module
{
    private static readonly string[] TargetProjections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    [ComponentName(Name = "adapters")]
    private readonly ModuleList<LoraAdapter> _adapters;

    private readonly List<(Linear Target, Action Remove)> _attached = [];

    private LoraAdapters(IReadOnlyList<(string Name, Linear Target)> targets, int rank, double alpha, int seed)
        : base(nameof(LoraAdapters))
    {
        using var generator = new Generator((ulong)seed);
        var adapters = new List<LoraAdapter>();
        foreach (var (_, target) in targets)
        {
            var weight = target.weight!;
            adapters.Add(new LoraAdapter(weight.shape[1], weight.shape[0], rank, alpha / rank, weight.device, generator));
        }

        _adapters = nn.ModuleList(adapters.ToArray());
        RegisterComponents();
        TargetNames = targets.Select(target => target.Name).ToList();
        for (var i = 0; i < targets.Count; i++)
        {
            var adapter = adapters[i];
            var hook = targets[i].Target.register_forward_hook((_, input, output) => output + adapter.forward(input));
            _attached.Add((targets[i].Target, hook.remove));
        }
    }

    /// <summary>The adapted projections' names in the policy (model.layers.0.self_attn.q_proj, ...).</summary>
    public IReadOnlyList<string> TargetNames { get; }

    public bool IsAttached => _attached.Count > 0;

    /// <summary>
    /// Adapters of rank <paramref name="rank"/> on every attention and MLP projection of <paramref name="policy"/>, their A
    /// drawn from <paramref name="seed"/>.
    /// </summary>
    public static LoraAdapters Attach(LlamaModel policy, int rank, double alpha, int seed = 1) => Attach(policy, TargetProjections, rank, alpha, seed);

    /// <summary>Adapters on every linear layer of <paramref name="model"/> whose own name is one of <paramref name="projections"/>.</summary>
    public static LoraAdapters Attach(nn.Module model, IReadOnlyCollection<string> projections, int rank, double alpha, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(projections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rank);
        if (!(alpha > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "LoRA alpha must be positive.");
        }

        var targets = model.named_modules()
            .Where(pair => pair.module is Linear && projections.Contains(pair.name[(pair.name.LastIndexOf('.') + 1)..]))
            .Select(pair => (pair.name, (Linear)pair.module))
            .ToList();
        return new LoraAdapters(targets, rank, alpha, seed);
    }

    /// <summary>Adds each adapter's update into its projection's weight and detaches the adapters.</summary>
    public void Merge()
    {
        if (!IsAttached)
        {
            throw new InvalidOperationException("The adapters are no longer attached to a model.");
        }

        using (var noGrad = no_grad())
        {
            for (var i = 0; i < _attached.Count; i++)
            {
                using var scope = NewDisposeScope();
                var weight = _attached[i].Target.weight!;
                weight.add_(_adapters[i].WeightDelta().to(weight.dtype));
            }
        }

        Detach();
    }

    /// <summary>Removes the hooks: the policy computes without the adapters again.</summary>
    public void Detach()
    {
        foreach (var (_, remove) in _attached)
        {
            remove();
        }

        _attached.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Detach();
        }

        base.Dispose(disposing);
    }
}
