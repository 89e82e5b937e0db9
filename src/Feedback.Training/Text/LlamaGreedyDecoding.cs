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
}
