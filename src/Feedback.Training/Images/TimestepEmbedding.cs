using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>Sinusoidal embedding of diffusion timesteps: sin(t * f_i) then cos(t * f_i), f_i = 10000^(-i / half).</summary>
internal static class TimestepEmbedding
{
    public static float[] Frequencies(int width)
    {
        var half = width / 2;
        return Enumerable.Range(0, half).Select(i => (float)Math.Exp(-Math.Log(10_000) * i / half)).ToArray();
    }

    /// <param name="timesteps">[batch] float timesteps.</param>
    /// <returns>[batch, width]</returns>
    public static Tensor Compute(Tensor timesteps, int width)
    {
        using var scope = NewDisposeScope();
        var frequencies = tensor(Frequencies(width), device: timesteps.device);
        var angles = timesteps.to(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);
        return cat([angles.sin(), angles.cos()], 1).MoveToOuterDisposeScope();
    }
}
