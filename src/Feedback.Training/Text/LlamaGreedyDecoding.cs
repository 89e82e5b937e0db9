using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>Greedy decoding with the key/value cache: a check of the model and its cache, not the sampler users see.</summary>
public static class LlamaGreedyDecoding
{
    /// <summary>The prompt's continuation, one argmax token at a time, stopping after <paramref name="stopId"/> or at the limit.</summary>
    public static IReadOnlyList<int> GenerateGreedy(this LlamaModel model, IReadOnlyList<int> promptIds, int maxNewTokens, int? stopId = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (promptIds.Count == 0)
        {
            throw new ArgumentException("The prompt must hold at least one token.", nameof(promptIds));
        }

        using var noGrad = no_grad();
        using var cache = model.CreateCache();
        var generated = new List<int>(maxNewTokens);
        var next = promptIds.Select(id => (long)id).ToArray();
        while (generated.Count < maxNewTokens)
        {
            using var scope = NewDisposeScope();
            var logits = model.Forward(tensor(next, device: model.Device).view(1, -1), cache: cache);
            var token = (int)logits[0, -1].argmax().item<long>();
            generated.Add(token);
            if (token == stopId)
            {
                break;
            }

            next = [token];
        }

        return generated;
    }

    /// <summary>
    /// Greedy continuations of prompts of equal length, the whole batch in one forward pass per step (with the cache),
    /// always <paramref name="newTokens"/> long: eager TorchSharp's side of the generation benchmark.
    /// </summary>
    public static int[][] GenerateGreedyBatch(this LlamaModel model, IReadOnlyList<IReadOnlyList<int>> prompts, int newTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0 || prompts.Any(p => p.Count != prompts[0].Count) || prompts[0].Count == 0)
        {
            throw new ArgumentException("The prompts must be non-empty and of equal length.", nameof(prompts));
        }

        using var noGrad = no_grad();
        using var cache = model.CreateCache();
        var generated = prompts.Select(_ => new int[newTokens]).ToArray();
        using var first = tensor(prompts.SelectMany(p => p.Select(id => (long)id)).ToArray(), device: model.Device);
        var next = first.view(prompts.Count, -1).alias();
        for (var step = 0; step < newTokens; step++)
        {
            using var scope = NewDisposeScope();
            var tokens = model.Forward(next, cache: cache)[.., -1].argmax(-1);
            var values = tokens.cpu().data<long>().ToArray();
            for (var row = 0; row < values.Length; row++)
            {
                generated[row][step] = (int)values[row];
            }

            next.Dispose();
            next = tokens.view(-1, 1).MoveToOuterDisposeScope();
        }

        next.Dispose();
        return generated;
    }
}
