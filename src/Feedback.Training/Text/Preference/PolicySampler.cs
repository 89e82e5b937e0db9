using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// Sampling continuations from a policy at a temperature, every prompt of the batch at once: left-padded prompts, one
/// forward pass per new token with the key/value cache, draws from <paramref name="generator"/> so that the same seed
/// gives the same samples.
/// </summary>
public static class PolicySampler
{
    /// <summary>
    /// Each prompt's continuation, ending with <paramref name="eosId"/> when sampled, at most <paramref name="maxNewTokens"/>
    /// long (fewer where the model's positions run out).
    /// </summary>
    public static IReadOnlyList<int[]> Sample(
        LlamaModel model, IReadOnlyList<IReadOnlyList<int>> prompts, int maxNewTokens, double temperature, int eosId, int padId, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNewTokens);
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        }

        if (prompts.Count == 0 || prompts.Any(prompt => prompt.Count == 0))
        {
            throw new ArgumentException("Sampling needs prompts of at least one token.", nameof(prompts));
        }

        var rows = prompts.Count;
        var width = prompts.Max(prompt => prompt.Count);
        var newTokens = Math.Min(maxNewTokens, model.Config.MaxPositionEmbeddings - width);
        if (newTokens <= 0)
        {
            throw new ArgumentException(
                $"A prompt of {width} tokens leaves no room in the model's {model.Config.MaxPositionEmbeddings} positions.", nameof(prompts));
        }

        var ids = new long[rows * width];
        var mask = new long[rows * width];
        for (var r = 0; r < rows; r++)
        {
            var offset = width - prompts[r].Count;
            for (var t = 0; t < width; t++)
            {
                ids[(r * width) + t] = t < offset ? padId : prompts[r][t - offset];
                mask[(r * width) + t] = t < offset ? 0 : 1;
            }
        }

        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        using var cache = model.CreateCache();
        var generated = Enumerable.Range(0, rows).Select(_ => new List<int>(newTokens)).ToArray();
        var finished = new bool[rows];
        var next = tensor(ids, [rows, width], ScalarType.Int64).to(model.Device).DetachFromDisposeScope();
        var attention = tensor(mask, [rows, width], ScalarType.Int64).to(model.Device).DetachFromDisposeScope();
        try
        {
            for (var step = 0; step < newTokens && !finished.All(done => done); step++)
            {
                using var scope = NewDisposeScope();
                var logits = model.Forward(next, attention, cache: cache)[.., -1];
                var probabilities = nn.functional.softmax(logits.to_type(ScalarType.Float32) / temperature, -1);
                var drawn = multinomial(probabilities, 1, generator: generator).view(-1).cpu().data<long>().ToArray();
                var fed = new long[rows];
                for (var r = 0; r < rows; r++)
                {
                    fed[r] = finished[r] ? padId : drawn[r];
                    if (!finished[r])
                    {
                        generated[r].Add((int)drawn[r]);
                        finished[r] = drawn[r] == eosId;
                    }
                }

                // A finished row keeps being fed (padding); what it computes is ignored.
                var grown = cat([attention, ones(rows, 1, ScalarType.Int64, model.Device)], 1).DetachFromDisposeScope();
                attention.Dispose();
                attention = grown;
                next.Dispose();
                next = tensor(fed, [rows, 1], ScalarType.Int64).to(model.Device).DetachFromDisposeScope();
            }
        }
        finally
        {
            next.Dispose();
            attention.Dispose();
            model.train(wasTraining);
        }

        return generated.Select(tokens => tokens.ToArray()).ToList();
    }
}
