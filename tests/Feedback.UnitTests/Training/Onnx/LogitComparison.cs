using Xunit.Abstractions;

namespace Feedback.UnitTests.Training.Onnx;

/// <summary>Compares logit rows within a tolerance and reports the largest difference seen, so that test output shows the margin.</summary>
internal sealed class LogitComparison(ITestOutputHelper output, double tolerance)
{
    public double LargestDifference { get; private set; }

    public void ShouldMatch(float[] actual, float[] expected, string what)
    {
        actual.Length.ShouldBe(expected.Length, what);
        var largest = actual.Zip(expected, (a, e) => Math.Abs((double)a - e)).Max();
        LargestDifference = Math.Max(LargestDifference, largest);
        largest.ShouldBeLessThanOrEqualTo(tolerance, what);
    }

    public void Report(string what) => output.WriteLine($"{what}: largest logit difference {LargestDifference:E2}");
}
