using System.Globalization;

namespace Feedback.Training.Onnx;

/// <summary>
/// Adds operator nodes to an <see cref="OnnxGraph"/> one call per operator, each returning the name of its output,
/// so that a model's forward pass reads as a sequence of expressions. Small constants become initializers, shared
/// between every node that uses the same values.
/// </summary>
internal sealed class OnnxGraphBuilder(OnnxGraph graph)
{
    private readonly Dictionary<string, string> _constants = [];

    public OnnxGraph Graph { get; } = graph;

    public OnnxNode Node(string opType, IEnumerable<string> inputs, string output) =>
        Graph.AddNode(opType, inputs, [output]);

    public string Unary(string opType, string input, string output)
    {
        Node(opType, [input], output);
        return output;
    }

    public string Binary(string opType, string left, string right, string output)
    {
        Node(opType, [left, right], output);
        return output;
    }

    public string Add(string left, string right, string output) => Binary("Add", left, right, output);

    public string Sub(string left, string right, string output) => Binary("Sub", left, right, output);

    public string Mul(string left, string right, string output) => Binary("Mul", left, right, output);

    public string Div(string left, string right, string output) => Binary("Div", left, right, output);

    public string MatMul(string left, string right, string output) => Binary("MatMul", left, right, output);

    /// <summary>input [n, in] times weight [out, in] transposed: what a torch Linear without bias computes, on its own weight layout.</summary>
    public string Linear(string input, string weight, string output)
    {
        Node("Gemm", [input, weight], output).With("transB", 1L);
        return output;
    }

    public string Reshape(string input, string shape, string output) => Binary("Reshape", input, shape, output);

    public string Transpose(string input, IEnumerable<long> permutation, string output)
    {
        Node("Transpose", [input], output).With("perm", permutation);
        return output;
    }

    public string Unsqueeze(string input, IEnumerable<long> axes, string output) =>
        Binary("Unsqueeze", input, Int64s(axes.ToArray()), output);

    public string Concat(IEnumerable<string> inputs, long axis, string output)
    {
        Node("Concat", inputs, output).With("axis", axis);
        return output;
    }

    public string Cast(string input, OnnxDataType to, string output)
    {
        Node("Cast", [input], output).With("to", (long)to);
        return output;
    }

    /// <summary>Element <paramref name="index"/> of a 1-D tensor such as a Shape output, as a scalar.</summary>
    public string Element(string input, long index, string output) =>
        Binary("Gather", input, Int64Scalar(index), output);

    /// <summary>A float scalar initializer, shared with every other use of the same value.</summary>
    public string FloatScalar(float value) =>
        Constant($"f32:{value.ToString("R", CultureInfo.InvariantCulture)}", name => OnnxTensor.FromFloats(name, [], [value]));

    /// <summary>An int64 scalar initializer, shared with every other use of the same value.</summary>
    public string Int64Scalar(long value) =>
        Constant($"i64:{value.ToString(CultureInfo.InvariantCulture)}", name => OnnxTensor.FromInt64s(name, [], [value]));

    /// <summary>A 1-D int64 initializer (shapes, axes, sizes), shared with every other use of the same values.</summary>
    public string Int64s(params long[] values) =>
        Constant(
            $"i64[]:{string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}",
            name => OnnxTensor.FromInt64s(name, [values.Length], values));

    private string Constant(string key, Func<string, OnnxTensor> create)
    {
        if (!_constants.TryGetValue(key, out var name))
        {
            name = $"constant_{_constants.Count}";
            Graph.AddInitializer(create(name));
            _constants.Add(key, name);
        }

        return name;
    }
}
