using Feedback.Sampling;
using Feedback.Sampling.Text;

namespace Feedback.UnitTests.Sampling.Text;

public sealed class OptimumLayoutTests : IDisposable
{
    private static readonly GenerationSettings Greedy = new() { MaxNewTokens = 5, Temperature = 0f, StopAtEos = false };

    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-optimum-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_decoder_without_position_ids_and_with_a_cache_branch_flag_is_described_as_such()
    {
        using var session = OnnxSessionFactory.Create(CountingDecoderFile.Write(_directory, withCache: true), InferenceDevice.Cpu);

        new TextGenerator(session).Model.ShouldBe(new TextModelInfo(
            LayerCount: 1, KeyValueHeads: 1, HeadSize: CountingDecoderFile.HeadSize, VocabularySize: CountingDecoderFile.VocabularySize,
            TakesPositionIds: false, TakesUseCacheBranch: true));
    }

    [Fact]
    public void The_cache_branch_flag_is_on_exactly_when_a_past_is_fed()
    {
        using var session = OnnxSessionFactory.Create(CountingDecoderFile.Write(_directory, withCache: true), InferenceDevice.Cpu);
        var generator = new TextGenerator(session);

        var cached = generator.Generate([[3], [8, 9]], Greedy, CancellationToken.None);
        var uncached = generator.Generate([[3], [8, 9]], Greedy with { UseCache = false }, CancellationToken.None);

        cached[0].TokenIds.ShouldBe([4, 7, 7, 7, 7]);
        cached[1].TokenIds.ShouldBe([0, 7, 7, 7, 7]);
        uncached[0].TokenIds.ShouldBe([4, 5, 6, 7, 8]);
        uncached[1].TokenIds.ShouldBe([0, 1, 2, 3, 4]);
    }

    [Fact]
    public void The_log_probability_sums_each_tokens_log_softmax()
    {
        using var session = OnnxSessionFactory.Create(CountingDecoderFile.Write(_directory, withCache: true), InferenceDevice.Cpu);

        var sequence = new TextGenerator(session).Generate([[3]], Greedy with { UseCache = false }, CancellationToken.None).Single();

        sequence.LogProbability.ShouldBe(Greedy.MaxNewTokens * CountingDecoderFile.NextTokenLogProbability, tolerance: 1e-5);
    }

    [Fact]
    public void Each_row_stops_at_its_own_eos_while_the_others_go_on()
    {
        using var session = OnnxSessionFactory.Create(CountingDecoderFile.Write(_directory, withCache: false), InferenceDevice.Cpu);
        var settings = Greedy with { MaxNewTokens = 8, StopAtEos = true, EosTokenId = 6, PadTokenId = 9 };

        var result = new TextGenerator(session).Generate([[3], [5], [0]], settings, CancellationToken.None);

        result.Select(sequence => sequence.TokenIds.ToArray()).ShouldBe([[4, 5, 6], [6], [1, 2, 3, 4, 5, 6]]);
        result.ShouldAllBe(sequence => sequence.StoppedAtEos);
        result[1].LogProbability.ShouldBe(CountingDecoderFile.NextTokenLogProbability, tolerance: 1e-5);
    }

    [Fact]
    public void A_decoder_exported_without_a_cache_is_rerun_over_the_whole_sequence_even_when_the_cache_is_asked_for()
    {
        using var session = OnnxSessionFactory.Create(CountingDecoderFile.Write(_directory, withCache: false), InferenceDevice.Cpu);
        var generator = new TextGenerator(session);

        generator.Model.HasKeyValueCache.ShouldBeFalse();
        generator.Generate([[3]], Greedy, CancellationToken.None).Single().TokenIds.ShouldBe([4, 5, 6, 7, 8]);
    }
}
