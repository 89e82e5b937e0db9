using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>The SwiGLU feed-forward block: down(silu(gate(x)) * up(x)), projections run through call() so forward hooks apply.</summary>
internal sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "gate_proj")]
    private readonly Linear _gateProjection;

    [ComponentName(Name = "up_proj")]
    private readonly Linear _upProjection;

    [ComponentName(Name = "down_proj")]
    private readonly Linear _downProjection;

    public LlamaMlp(LlamaConfig config)
        : base(nameof(LlamaMlp))
    {
        _gateProjection = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        _upProjection = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        _downProjection = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        _downProjection.call(nn.functional.silu(_gateProjection.call(input)) * _upProjection.call(input));
}
