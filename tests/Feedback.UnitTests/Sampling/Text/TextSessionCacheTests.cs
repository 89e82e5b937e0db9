using Feedback.Sampling;
using Feedback.Sampling.Text;

namespace Feedback.UnitTests.Sampling.Text;

public sealed class TextSessionCacheTests : IClassFixture<TinyLlamaDecoderFile>, IDisposable
{
    private static readonly GenerationSettings Greedy = new() { MaxNewTokens = 8, Temperature = 0f, StopAtEos = false, PadTokenId = 0 };
    private static readonly IReadOnlyList<int>[] Prompts = [[5, 17, 33], [23]];

    private readonly TinyLlamaDecoderFile _decoder;
    private readonly string _otherPath;
    private readonly TextSessionCache _cache = new(InferenceDevice.Cpu);

    public TextSessionCacheTests(TinyLlamaDecoderFile decoder)
    {
        _decoder = decoder;
        _otherPath = decoder.Export($"other-{Guid.NewGuid():N}.onnx", seed: 5678);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void Leases_on_one_checkpoint_share_one_session()
    {
        using var first = _cache.Acquire("a", _decoder.Path);
        using var second = _cache.Acquire("a", _decoder.Path);

        _cache.OpenSessionCount.ShouldBe(1);
        first.Model.LayerCount.ShouldBe(2);
        Describe(second.Generate(Prompts, Greedy, CancellationToken.None)).ShouldBe(Describe(first.Generate(Prompts, Greedy, CancellationToken.None)));
    }

    [Fact]
    public void A_checkpoint_cached_from_one_file_is_not_silently_served_from_another()
    {
        using var lease = _cache.Acquire("a", _decoder.Path);

        Should.Throw<InvalidOperationException>(() => _cache.Acquire("a", _otherPath)).Message.ShouldContain("swap");
    }

    [Fact]
    public void Nothing_serves_before_the_first_swap()
    {
        _cache.ServingCheckpointId.ShouldBeNull();
        Should.Throw<InvalidOperationException>(_cache.AcquireServing);
    }

    [Fact]
    public void A_swap_serves_the_new_checkpoint_and_closes_the_old_session_only_when_its_last_lease_ends()
    {
        _cache.Swap("old", _decoder.Path);
        var inFlight = _cache.AcquireServing();
        var before = Describe(inFlight.Generate(Prompts, Greedy, CancellationToken.None));

        _cache.Swap("new", _otherPath);

        _cache.ServingCheckpointId.ShouldBe("new");
        _cache.OpenSessionCount.ShouldBe(2);
        Describe(inFlight.Generate(Prompts, Greedy, CancellationToken.None)).ShouldBe(before);
        using (var serving = _cache.AcquireServing())
        {
            serving.CheckpointId.ShouldBe("new");
            Describe(serving.Generate(Prompts, Greedy, CancellationToken.None)).ShouldNotBe(before);
        }

        inFlight.Dispose();

        _cache.OpenSessionCount.ShouldBe(1);
        Should.Throw<ObjectDisposedException>(() => inFlight.Generate(Prompts, Greedy, CancellationToken.None));
    }

    [Fact]
    public async Task Generations_running_across_a_swap_finish_on_the_model_they_started_with()
    {
        _cache.Swap("old", _decoder.Path);
        string expected;
        using (var reference = _cache.AcquireServing())
        {
            expected = Describe(reference.Generate(Prompts, Greedy, CancellationToken.None));
        }

        using var started = new ManualResetEventSlim();
        using var swapped = new ManualResetEventSlim();
        var generation = Task.Run(() =>
        {
            using var lease = _cache.AcquireServing();
            started.Set();
            var results = new List<string>();
            do
            {
                results.Add(Describe(lease.Generate(Prompts, Greedy, CancellationToken.None)));
            }
            while (!swapped.IsSet);

            results.Add(Describe(lease.Generate(Prompts, Greedy, CancellationToken.None)));
            return results;
        });
        started.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        _cache.Swap("new", _otherPath);
        swapped.Set();

        var results = await generation.WaitAsync(TimeSpan.FromSeconds(60));

        results.ShouldAllBe(result => result == expected);
        _cache.OpenSessionCount.ShouldBe(1);
    }

    [Fact]
    public void Swapping_a_checkpoint_to_a_new_file_replaces_its_session()
    {
        _cache.Swap("a", _decoder.Path);
        using var old = _cache.AcquireServing();

        _cache.Swap("a", _otherPath);

        using var replaced = _cache.Acquire("a", _otherPath);
        replaced.ModelPath.ShouldBe(Path.GetFullPath(_otherPath));
        old.ModelPath.ShouldBe(Path.GetFullPath(_decoder.Path));
        _cache.OpenSessionCount.ShouldBe(2);
    }

    [Fact]
    public void A_swap_to_a_missing_file_leaves_the_serving_checkpoint_in_place()
    {
        _cache.Swap("a", _decoder.Path);

        Should.Throw<FileNotFoundException>(() => _cache.Swap("b", Path.Combine(Path.GetTempPath(), "missing-decoder.onnx")));

        _cache.ServingCheckpointId.ShouldBe("a");
        _cache.OpenSessionCount.ShouldBe(1);
    }

    [Fact]
    public void Evicting_an_unleased_checkpoint_closes_it_at_once()
    {
        _cache.Swap("a", _decoder.Path);

        _cache.Evict("a").ShouldBeTrue();

        _cache.OpenSessionCount.ShouldBe(0);
        _cache.ServingCheckpointId.ShouldBeNull();
        _cache.Evict("a").ShouldBeFalse();
    }

    [Fact]
    public void Disposing_the_cache_leaves_leased_sessions_open_until_their_leases_end()
    {
        var cache = new TextSessionCache(InferenceDevice.Cpu);
        cache.Acquire("idle", _otherPath).Dispose();
        var lease = cache.Acquire("busy", _decoder.Path);

        cache.Dispose();

        cache.OpenSessionCount.ShouldBe(1);
        lease.Generate(Prompts, Greedy, CancellationToken.None).Count.ShouldBe(Prompts.Length);
        lease.Dispose();
        lease.Dispose();
        cache.OpenSessionCount.ShouldBe(0);
        Should.Throw<ObjectDisposedException>(() => cache.Acquire("idle", _otherPath));
    }

    [Fact]
    public async Task Concurrent_generations_and_swaps_leave_exactly_the_serving_session_open()
    {
        _cache.Swap("0", _decoder.Path);
        var settings = Greedy with { MaxNewTokens = 4 };

        var generations = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                using var lease = _cache.AcquireServing();
                lease.Generate(Prompts, settings, CancellationToken.None).Count.ShouldBe(Prompts.Length);
            }
        })).ToArray();
        for (var swap = 1; swap <= 6; swap++)
        {
            _cache.Swap(swap.ToString(System.Globalization.CultureInfo.InvariantCulture), swap % 2 == 0 ? _decoder.Path : _otherPath);
        }

        await Task.WhenAll(generations).WaitAsync(TimeSpan.FromSeconds(120));
        _cache.ServingCheckpointId.ShouldBe("6");
        _cache.OpenSessionCount.ShouldBe(1);
    }

    private static string Describe(IReadOnlyList<GeneratedSequence> sequences) =>
        string.Join(" | ", sequences.Select(sequence => string.Join(",", sequence.TokenIds)));
}
