using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Feedback.Training.Images;

/// <summary>
/// Token embeddings of a caption for the denoiser to attend to: word and position embeddings through a few transformer
/// layers and a final norm. Captions are always padded to the same length, so positions are simply 0..length-1.
/// </summary>
internal sealed class CaptionEncoder : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "token_embedding")]
    private readonly Embedding _tokens;

    [ComponentName(Name = "position_embedding")]
    private readonly Embedding _positions;

    [ComponentName(Name = "layers")]
    private readonly ModuleList<TextEncoderLayer> _layers;

    [ComponentName(Name = "final_norm")]
    private readonly LayerNorm _finalNorm;

    public CaptionEncoder(ImageModelConfig config)
        : base(nameof(CaptionEncoder))
    {
        _tokens = nn.Embedding(config.VocabSize, config.TextWidth);
        _positions = nn.Embedding(config.MaxTokens, config.TextWidth);
        _layers = nn.ModuleList(Enumerable.Range(0, config.TextLayers).Select(_ => new TextEncoderLayer(config.TextWidth, config.Heads)).ToArray());
        _finalNorm = Norms.Layer(config.TextWidth);
        RegisterComponents();
        using var noGrad = no_grad();
        nn.init.normal_(_tokens.weight!, 0, 0.02);
        nn.init.normal_(_positions.weight!, 0, 0.02);
    }

    /// <param name="input">[batch, maxTokens] int64 ids.</param>
    /// <returns>[batch, maxTokens, textWidth]</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = _tokens.call(input) + _positions.weight!.unsqueeze(0);
        foreach (var layer in _layers)
        {
            hidden = layer.call(hidden);
        }

        return _finalNorm.call(hidden).MoveToOuterDisposeScope();
    }
}
