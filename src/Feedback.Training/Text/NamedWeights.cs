using static TorchSharp.torch;

namespace Feedback.Training.Text;

/// <summary>Copies weights by parameter name into a module, strictly: every parameter present with its shape, no strangers.</summary>
internal static class NamedWeights
{
    /// <param name="ignorable">Names the weights may hold that carry nothing the module needs.</param>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, Func<string, bool> ignorable)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var parameters = module.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter, StringComparer.Ordinal);
        var unexpected = weights.Keys.Where(name => !parameters.ContainsKey(name) && !ignorable(name)).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
        {
            throw new InvalidDataException($"The weights hold names this model does not have: {string.Join(", ", unexpected.Take(10))}.");
        }

        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            if (!weights.TryGetValue(name, out var source))
            {
                throw new InvalidDataException($"The weights lack '{name}' [{string.Join(", ", parameter.shape)}].");
            }

            if (!source.shape.SequenceEqual(parameter.shape))
            {
                throw new InvalidDataException(
                    $"'{name}' is [{string.Join(", ", source.shape)}] in the weights but [{string.Join(", ", parameter.shape)}] in the model.");
            }

            using var scope = NewDisposeScope();
            parameter.copy_(source.to(parameter.dtype, parameter.device));
        }
    }
}
