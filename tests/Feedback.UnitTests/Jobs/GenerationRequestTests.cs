using Feedback.Jobs.Generation;

namespace Feedback.UnitTests.Jobs;

public sealed class GenerationRequestTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(2_000, new[] { 2_000 })]
    [InlineData(3_000, new[] { 2_000, 1_000 })]
    [InlineData(4_001, new[] { 2_000, 2_000, 1 })]
    public void A_large_request_is_split_into_batches_within_the_limit(int comparisons, int[] expected) =>
        GenerationRequest.BatchSizes(comparisons).ShouldBe(expected);

    [Fact]
    public void Nothing_asked_gives_no_batch() => GenerationRequest.BatchSizes(0).ShouldBeEmpty();
}
