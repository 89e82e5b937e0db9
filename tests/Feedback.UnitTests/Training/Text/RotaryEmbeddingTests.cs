using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Text;

public sealed class RotaryEmbeddingTests
{
    [Fact]
    public void Angles_are_position_times_inverse_frequency_repeated_for_both_halves()
    {
        using var scope = NewDisposeScope();

        // headDim 4, theta 100: inv_freq = [1, 1/100^(2/4)] = [1, 0.1]; at position 3 the angles are [3, 0.3, 3, 0.3].
        var (cos, sin) = RotaryEmbedding.Angles(tensor(new long[] { 0, 3 }).view(1, 2), headDim: 4, theta: 100);

        cos.shape.ShouldBe([1L, 2L, 4L]);
        cos[0, 0].data<float>().ToArray().ShouldBe([1f, 1, 1, 1]);
        cos[0, 1].data<float>().ToArray().ShouldBe([MathF.Cos(3), MathF.Cos(0.3f), MathF.Cos(3), MathF.Cos(0.3f)], tolerance: 1e-6);
        sin[0, 1].data<float>().ToArray().ShouldBe([MathF.Sin(3), MathF.Sin(0.3f), MathF.Sin(3), MathF.Sin(0.3f)], tolerance: 1e-6);
    }

    [Fact]
    public void Rotate_half_negates_the_second_half_and_swaps_the_halves()
    {
        using var scope = NewDisposeScope();

        var rotated = RotaryEmbedding.RotateHalf(tensor(new float[] { 1, 2, 3, 4 }));

        rotated.data<float>().ToArray().ShouldBe([-3f, -4, 1, 2]);
    }

    [Fact]
    public void Apply_rotates_each_pair_of_first_and_second_half_features()
    {
        using var scope = NewDisposeScope();
        var (cos, sin) = RotaryEmbedding.Angles(tensor(new long[] { 2 }).view(1, 1), headDim: 4, theta: 100);
        var states = tensor(new float[] { 1, 2, 3, 4 }).view(1, 1, 1, 4);

        var rotated = RotaryEmbedding.Apply(states, cos, sin);

        // Pair (x0, x2) turns by 2 radians and pair (x1, x3) by 0.2: (a, b) -> (a cos - b sin, b cos + a sin).
        var (c0, s0, c1, s1) = (MathF.Cos(2), MathF.Sin(2), MathF.Cos(0.2f), MathF.Sin(0.2f));
        rotated.data<float>().ToArray().ShouldBe(
            [(1 * c0) - (3 * s0), (2 * c1) - (4 * s1), (3 * c0) + (1 * s0), (4 * c1) + (2 * s1)],
            tolerance: 1e-6);
    }

    [Fact]
    public void Rotation_keeps_the_length_of_each_head_vector()
    {
        using var scope = NewDisposeScope();
        var (cos, sin) = RotaryEmbedding.Angles(arange(0, 5, ScalarType.Int64).view(1, 5), headDim: 8, theta: 10000);
        var states = randn(1, 2, 5, 8);

        var rotated = RotaryEmbedding.Apply(states, cos, sin);

        TinyLlama.MaxDifference(rotated.norm(-1), states.norm(-1)).ShouldBeLessThan(1e-5f);
    }
}
