using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Text;

public sealed class KvCacheTests
{
    [Fact]
    public void Decoding_one_token_at_a_time_with_the_cache_gives_the_full_sequences_logits()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();
        using var noGrad = no_grad();
        var ids = TinyLlama.Ids(3, 14, 15, 92, 65, 35, 89);
        var full = model.Forward(ids);

        using var cache = model.CreateCache();
        var prefix = model.Forward(ids.narrow(1, 0, 3), cache: cache);
        var steps = new List<Tensor> { prefix };
        for (var position = 3; position < 7; position++)
        {
            steps.Add(model.Forward(ids.narrow(1, position, 1), cache: cache));
        }

        cache.Length.ShouldBe(7);
        cache.Keys(1)!.shape.ShouldBe([1L, 2L, 7L, 8L]);
        TinyLlama.MaxDifference(cat(steps, 1), full).ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void The_cache_survives_the_dispose_scope_of_the_step_that_filled_it()
    {
        using var model = TinyLlama.Model();
        using var noGrad = no_grad();
        using var cache = model.CreateCache();

        using (var step = NewDisposeScope())
        {
            model.Forward(TinyLlama.Ids(1, 2, 3), cache: cache);
        }

        using var scope = NewDisposeScope();
        cache.Values(0)!.sum().item<float>().ShouldNotBe(float.NaN);
        model.Forward(TinyLlama.Ids(4), cache: cache).shape.ShouldBe([1L, 1L, 259L]);
        cache.Length.ShouldBe(4);
    }

    [Fact]
    public void Greedy_generation_with_the_cache_matches_argmax_over_the_growing_full_sequence()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model(seed: 11);
        using var noGrad = no_grad();
        var prompt = new[] { 72, 101, 108 };

        var generated = model.GenerateGreedy(prompt, maxNewTokens: 5);

        var sequence = prompt.Select(id => (long)id).ToList();
        foreach (var token in generated)
        {
            var next = model.Forward(tensor(sequence.ToArray()).view(1, -1))[0, -1].argmax().item<long>();
            next.ShouldBe(token);
            sequence.Add(token);
        }

        generated.Count.ShouldBe(5);
    }

    [Fact]
    public void Greedy_generation_stops_after_the_stop_token()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model(seed: 11);
        var first = model.GenerateGreedy([72, 101], maxNewTokens: 1)[0];

        model.GenerateGreedy([72, 101], maxNewTokens: 10, stopId: first).ShouldBe([first]);
    }

    [Fact]
    public void Batched_greedy_generation_gives_each_row_what_it_gets_alone()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model(seed: 11);
        int[][] prompts = [[72, 101, 108], [3, 14, 15], [200, 201, 202]];

        var batched = model.GenerateGreedyBatch(prompts, newTokens: 6);

        for (var row = 0; row < prompts.Length; row++)
        {
            batched[row].ShouldBe(model.GenerateGreedy(prompts[row], maxNewTokens: 6));
        }
    }
}
