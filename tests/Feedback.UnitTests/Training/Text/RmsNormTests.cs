using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Text;

public sealed class RmsNormTests
{
    [Fact]
    public void Normalizes_by_the_root_mean_square_and_scales_by_the_weight()
    {
        using var scope = NewDisposeScope();
        using var norm = new RmsNorm(2, epsilon: 0.5);
        using (no_grad())
        {
            norm.Weight.copy_(tensor(new float[] { 2, -1 }));
        }

        // x = [3, 4]: mean(x²) = 12.5, + eps = 13, so y = [3, 4] / sqrt(13) * [2, -1].
        var output = norm.forward(tensor(new float[] { 3, 4 }).view(1, 2));

        var scale = 1 / MathF.Sqrt(13f);
        output.data<float>().ToArray().ShouldBe([6 * scale, -4 * scale], tolerance: 1e-6);
    }

    [Fact]
    public void Each_row_is_normalized_on_its_own()
    {
        using var scope = NewDisposeScope();
        using var norm = new RmsNorm(3, epsilon: 0);

        var output = norm.forward(tensor(new float[] { 1, 1, 1, 0, 0, 6 }).view(2, 3));

        output.data<float>().ToArray().ShouldBe([1f, 1, 1, 0, 0, MathF.Sqrt(3)], tolerance: 1e-6);
    }
}
