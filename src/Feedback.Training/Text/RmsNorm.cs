using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>Root-mean-square layer norm as Llama computes it: x * rsqrt(mean(x²) + eps) * weight, with no bias and no centering.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    private readonly double _epsilon;

    public RmsNorm(long size, double epsilon)
        : base(nameof(RmsNorm))
    {
        _weight = new Parameter(ones(size));
        _epsilon = epsilon;
        RegisterComponents();
    }

    public Parameter Weight => _weight;

    public override Tensor forward(Tensor input)
    {
        // Normalized in fp32 whatever the input type, as the reference implementation does, so half-precision inputs do not overflow.
        var inputType = input.dtype;
        var values = input.to_type(ScalarType.Float32);
        var meanSquare = values.pow(2).mean([-1], keepdim: true);
        var normalized = values * rsqrt(meanSquare + _epsilon);
        return _weight * normalized.to_type(inputType);
    }
}
