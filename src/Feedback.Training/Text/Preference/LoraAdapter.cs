using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// One low-rank update of a linear projection: x -> (alpha / r) * B(A(x)), with A [r, in] drawn uniformly and B [out, r]
/// zero, so that a fresh adapter changes nothing.
/// </summary>
public sealed class LoraAdapter : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "lora_A")]
    private readonly Parameter _down;

    [ComponentName(Name = "lora_B")]
    private readonly Parameter _up;

    internal LoraAdapter(long inFeatures, long outFeatures, int rank, double scale, Device device, Generator generator)
        : base(nameof(LoraAdapter))
    {
        Scale = scale;
        var bound = 1.0 / Math.Sqrt(inFeatures);
        using (var noGrad = no_grad())
        {
            _down = new Parameter(empty(rank, inFeatures).uniform_(-bound, bound, generator).to(device));
            _up = new Parameter(zeros(outFeatures, rank, device: device));
        }

        RegisterComponents();
    }

    /// <summary>alpha / r.</summary>
    public double Scale { get; }

    public override Tensor forward(Tensor input) =>
        nn.functional.linear(nn.functional.linear(input, _down), _up) * Scale;

    /// <summary>The update to add to the projection's weight [out, in]: scale * B A.</summary>
    public Tensor WeightDelta() => _up.matmul(_down) * Scale;
}
