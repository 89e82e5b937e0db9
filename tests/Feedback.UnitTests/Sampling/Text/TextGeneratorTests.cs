using Feedback.Sampling;
using Feedback.Sampling.Text;

namespace Feedback.UnitTests.Sampling.Text;

public sealed class TextGeneratorTests : IClassFixture<TinyLlamaDecoderFile>, IDisposable
{
    private static readonly GenerationSettings Greedy = new()
    {
        MaxNewTokens = 16,
        Temperature = 0f,
        StopAtEos = false,
        EosTokenId = TinyLlamaDecoderFile.EosTokenId,
        PadTokenId = TinyLlamaDecoderFile.PadTokenId,
    };

    private static readonly IReadOnlyList<int>[] PromptsOfDifferentLengths = [[5, 17, 33, 8, 41, 12, 9], [23], [7, 30, 44, 3]];

    private readonly OnnxSession _session;
    private readonly TextGenerator _generator;

    public TextGeneratorTests(TinyLlamaDecoderFile decoder)
    {
        _session = OnnxSessionFactory.Create(decoder.Path, InferenceDevice.Cpu);
        _generator = new TextGenerator(_session);
    }

    public void Dispose() => _session.Dispose();

    [Fact]
    public void The_cache_layout_is_read_from_the_files_inputs()
    {
        _generator.Model.ShouldBe(new TextModelInfo(
            LayerCount: 2, KeyValueHeads: 2, HeadSize: 8, VocabularySize: 50, TakesPositionIds: true, TakesUseCacheBranch: false));
    }

    [Fact]
    public void Greedy_generation_with_the_cache_equals_rerunning_the_whole_sequence_token_for_token()
    {
        var cached = _generator.Generate(PromptsOfDifferentLengths, Greedy, CancellationToken.None);
        var uncached = _generator.Generate(PromptsOfDifferentLengths, Greedy with { UseCache = false }, CancellationToken.None);

        for (var row = 0; row < PromptsOfDifferentLengths.Length; row++)
        {
            cached[row].TokenIds.Count.ShouldBe(Greedy.MaxNewTokens);
            cached[row].TokenIds.ShouldBe(uncached[row].TokenIds);
            cached[row].LogProbability.ShouldBe(uncached[row].LogProbability, tolerance: 1e-3);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_row_of_a_left_padded_batch_gets_the_tokens_it_gets_alone(bool useCache)
    {
        var settings = Greedy with { UseCache = useCache };

        var batched = _generator.Generate(PromptsOfDifferentLengths, settings, CancellationToken.None);

        for (var row = 0; row < PromptsOfDifferentLengths.Length; row++)
        {
            var alone = _generator.Generate([PromptsOfDifferentLengths[row]], settings, CancellationToken.None).Single();
            batched[row].TokenIds.ShouldBe(alone.TokenIds, $"row {row}");
            batched[row].LogProbability.ShouldBe(alone.LogProbability, tolerance: 1e-3);
        }
    }

    [Fact]
    public void Each_row_stops_at_its_first_eos_while_the_others_keep_going()
    {
        var free = _generator.Generate(PromptsOfDifferentLengths, Greedy, CancellationToken.None);
        var eos = free[0].TokenIds[3];

        var stopped = _generator.Generate(PromptsOfDifferentLengths, Greedy with { StopAtEos = true, EosTokenId = eos }, CancellationToken.None);

        stopped[0].StoppedAtEos.ShouldBeTrue();
        stopped[0].TokenIds.Count.ShouldBeLessThanOrEqualTo(4);
        for (var row = 0; row < PromptsOfDifferentLengths.Length; row++)
        {
            var firstEos = free[row].TokenIds.ToList().IndexOf(eos);
            stopped[row].TokenIds.ShouldBe(firstEos >= 0 ? free[row].TokenIds.Take(firstEos + 1) : free[row].TokenIds, $"row {row}");
            stopped[row].StoppedAtEos.ShouldBe(firstEos >= 0);
        }
    }

    [Fact]
    public void Rows_that_reach_the_token_limit_did_not_stop_at_eos()
    {
        var result = _generator.Generate(PromptsOfDifferentLengths, Greedy with { EosTokenId = null, StopAtEos = true }, CancellationToken.None);

        result.ShouldAllBe(sequence => !sequence.StoppedAtEos && sequence.TokenIds.Count == Greedy.MaxNewTokens);
    }

    [Fact]
    public void Seeded_sampling_is_reproducible_and_the_seed_matters()
    {
        var settings = Greedy with { Temperature = 1f, TopP = 0.95f, TopK = 20, Seed = 99 };

        var first = _generator.Generate(PromptsOfDifferentLengths, settings, CancellationToken.None);
        var second = _generator.Generate(PromptsOfDifferentLengths, settings, CancellationToken.None);
        var otherSeed = _generator.Generate(PromptsOfDifferentLengths, settings with { Seed = 100 }, CancellationToken.None);

        second.Select(s => s.TokenIds).ShouldBe(first.Select(s => s.TokenIds));
        otherSeed.Select(s => s.TokenIds.ToArray()).ShouldNotBe(first.Select(s => s.TokenIds.ToArray()));
    }

    [Fact]
    public void A_sampled_rows_draws_depend_on_its_seed_and_index_not_on_its_neighbours()
    {
        var settings = Greedy with { Temperature = 1f, TopP = 1f, Seed = 7 };

        var batched = _generator.Generate(PromptsOfDifferentLengths, settings, CancellationToken.None);
        var alone = _generator.Generate([PromptsOfDifferentLengths[2]], settings with { Seed = 7 + 2 }, CancellationToken.None).Single();

        batched[2].TokenIds.ShouldBe(alone.TokenIds);
    }

    [Fact]
    public void The_log_probability_is_the_sum_of_each_tokens_log_softmax_and_is_negative()
    {
        var settings = Greedy with { MaxNewTokens = 1 };
        var one = _generator.Generate(PromptsOfDifferentLengths, settings, CancellationToken.None);
        var two = _generator.Generate(PromptsOfDifferentLengths, settings with { MaxNewTokens = 2 }, CancellationToken.None);
        var extended = PromptsOfDifferentLengths.Select((prompt, row) => (IReadOnlyList<int>)[.. prompt, one[row].TokenIds[0]]).ToArray();
        var secondStep = _generator.Generate(extended, settings, CancellationToken.None);

        for (var row = 0; row < PromptsOfDifferentLengths.Length; row++)
        {
            one[row].LogProbability.ShouldBeNegative();
            two[row].LogProbability.ShouldBe(one[row].LogProbability + secondStep[row].LogProbability, tolerance: 1e-4);
        }
    }

    [Fact]
    public void Concurrent_generations_on_one_session_match_sequential_ones()
    {
        var expected = _generator.Generate(PromptsOfDifferentLengths, Greedy, CancellationToken.None);

        var concurrent = Enumerable.Range(0, 4).AsParallel()
            .Select(_ => _generator.Generate(PromptsOfDifferentLengths, Greedy, CancellationToken.None))
            .ToArray();

        concurrent.Select(Describe).ShouldAllBe(result => result == Describe(expected));
    }

    [Fact]
    public void No_new_tokens_asked_gives_empty_sequences_without_running_the_model()
    {
        var result = _generator.Generate(PromptsOfDifferentLengths, Greedy with { MaxNewTokens = 0 }, CancellationToken.None);

        result.Count.ShouldBe(PromptsOfDifferentLengths.Length);
        result.ShouldAllBe(sequence => sequence.TokenIds.Count == 0 && sequence.LogProbability == 0 && !sequence.StoppedAtEos);
    }

    [Fact]
    public void No_prompts_give_no_sequences()
    {
        _generator.Generate([], Greedy, CancellationToken.None).ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_prompt_is_refused()
    {
        Should.Throw<ArgumentException>(() => _generator.Generate([[4], []], Greedy, CancellationToken.None)).Message.ShouldContain("Prompt 1");
    }

    [Fact]
    public void A_cancelled_generation_throws_operation_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Should.Throw<OperationCanceledException>(() => _generator.Generate(PromptsOfDifferentLengths, Greedy, cancellation.Token));
    }

    private static string Describe(IReadOnlyList<GeneratedSequence> sequences) =>
        string.Join(" | ", sequences.Select(sequence => string.Join(",", sequence.TokenIds)));
}
