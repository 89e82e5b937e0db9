namespace Feedback.Training.Onnx;

/// <summary>
/// Named fp32 weights that become graph initializers on first use: as they are, reshaped (a norm's [C] as [C, 1, 1]
/// to broadcast over a feature map) or transposed (a Linear's [out, in] as [in, out] for MatMul on 3-D inputs).
/// </summary>
internal sealed class OnnxWeightTable(IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights, OnnxGraph graph)
{
    private readonly HashSet<string> _added = [];

    public string Get(string name) => Add(name, name, weight => (weight.Data, weight.Shape));

    public string Reshaped(string name, params long[] shape) =>
        Add(name, $"{name}:{string.Join('x', shape)}", weight => (weight.Data, shape));

    public string Transposed(string name) => Add(name, name + ":T", weight =>
    {
        var (rows, columns) = (weight.Shape[0], weight.Shape[1]);
        var data = new float[weight.Data.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                data[(c * rows) + r] = weight.Data[(r * columns) + c];
            }
        }

        return (data, [columns, rows]);
    });

    public bool Contains(string name) => weights.ContainsKey(name);

    private string Add(string source, string initializer, Func<(float[] Data, long[] Shape), (float[] Data, long[] Shape)> shape)
    {
        if (_added.Add(initializer))
        {
            if (!weights.TryGetValue(source, out var weight))
            {
                throw new InvalidDataException($"The weights lack '{source}', which the exported graph needs.");
            }

            var (data, dims) = shape(weight);
            if (dims.Aggregate(1L, (a, b) => a * b) != data.Length)
            {
                throw new InvalidDataException($"'{source}' has {data.Length} values, not the [{string.Join(", ", dims)}] the graph needs.");
            }

            graph.AddInitializer(OnnxTensor.FromFloats(initializer, dims, data));
        }

        return initializer;
    }
}
