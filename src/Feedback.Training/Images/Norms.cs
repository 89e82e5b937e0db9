using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>Layer norms with their scale set to one and their shift to zero, whatever LibTorch's defaults.</summary>
internal static class Norms
{
    public static LayerNorm Layer(int width)
    {
        var norm = nn.LayerNorm(width);
        Reset(norm.weight, norm.bias);
        return norm;
    }

    private static void Reset(Tensor? weight, Tensor? bias)
    {
        using var noGrad = no_grad();
        weight?.fill_(1);
        bias?.zero_();
    }
}
