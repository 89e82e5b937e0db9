using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>A pre-norm transformer layer: x + attention(norm(x)), then x + mlp(norm(x)) with a SiLU between two projections.</summary>
internal sealed class TextEncoderLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "norm1")]
    private readonly LayerNorm _norm1;

    [ComponentName(Name = "q_proj")]
    private readonly Linear _query;

    [ComponentName(Name = "k_proj")]
    private readonly Linear _key;

    [ComponentName(Name = "v_proj")]
    private readonly Linear _value;

    [ComponentName(Name = "out_proj")]
    private readonly Linear _out;

    [ComponentName(Name = "norm2")]
    private readonly LayerNorm _norm2;

    [ComponentName(Name = "fc1")]
    private readonly Linear _fc1;

    [ComponentName(Name = "fc2")]
    private readonly Linear _fc2;

    private readonly int _heads;

    public TextEncoderLayer(int width, int heads)
        : base(nameof(TextEncoderLayer))
    {
        _heads = heads;
        _norm1 = Norms.Layer(width);
        _query = nn.Linear(width, width);
        _key = nn.Linear(width, width);
        _value = nn.Linear(width, width);
        _out = nn.Linear(width, width);
        _norm2 = Norms.Layer(width);
        _fc1 = nn.Linear(width, width * 4);
        _fc2 = nn.Linear(width * 4, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var normed = _norm1.call(input);
        var hidden = input + _out.call(MultiHeadAttention.Compute(_query.call(normed), _key.call(normed), _value.call(normed), _heads));
        hidden = hidden + _fc2.call(nn.functional.silu(_fc1.call(_norm2.call(hidden))));
        return hidden.MoveToOuterDisposeScope();
    }
}
