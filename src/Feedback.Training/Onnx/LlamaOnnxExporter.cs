using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.Training.Onnx;

/// <summary>
/// Writes a Llama decoder (Hugging Face LlamaForCausalLM, fp32) as an ONNX model with a key/value cache, in the input and
/// output convention of Optimum's decoder-with-past exports (<see cref="LlamaOnnxSignature"/>), using standard
/// opset 17 operators only, so that any ONNX Runtime build runs it.
/// </summary>
public static class LlamaOnnxExporter
{
    /// <summary>Pinned rather than the writer's default: ReduceMean takes its axes as an attribute up to opset 17, as an input after.</summary>
    public const long OpsetVersion = 17;

    /// <param name="weights">Every parameter by its Hugging Face name (model.embed_tokens.weight, ...); lm_head.weight may be
    /// left out where the config ties it to the embedding. Other entries are ignored.</param>
    public static void Export(LlamaConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = Build(config, weights);

        // A reader never sees half a model: the file appears complete or not at all.
        var partial = path + ".partial";
        try
        {
            model.Save(partial);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <param name="weights">Every parameter by its Hugging Face name, on any device, in any floating type.</param>
    public static void Export(LlamaConfig config, IReadOnlyDictionary<string, Tensor> weights, string path) =>
        Export(config, LlamaOnnxWeights.FromTensors(weights), path);

    /// <summary>The model in memory, for callers that write it somewhere other than a file.</summary>
    public static OnnxModel Build(LlamaConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(weights);
        config.Validate();

        var graph = new OnnxGraph("llama_decoder_with_past");
        var builder = new OnnxGraphBuilder(graph);
        var parameters = new LlamaOnnxWeights(config, weights, graph);
        DeclareInputsAndOutputs(graph, config);

        var tokensShape = builder.Unary("Shape", LlamaOnnxSignature.InputIds, "/model/tokens_shape");
        var rotary = LlamaOnnxRotary.Build(builder, LlamaOnnxSignature.PositionIds, config.HeadDim, config.RopeTheta);
        var attendable = LlamaOnnxAttentionMask.Build(builder, LlamaOnnxSignature.InputIds, LlamaOnnxSignature.AttentionMask);
        var attention = new LlamaOnnxAttention(builder, config, parameters, rotary, attendable, tokensShape);
        var decoderLayer = new LlamaOnnxDecoderLayer(builder, config, parameters, attention);

        // Hidden states stay as token rows [batch * seq, hidden] so that every projection is one Gemm on the weight
        // in its own [out, in] layout (transB), the tied lm_head included.
        var tokenRows = builder.Reshape(LlamaOnnxSignature.InputIds, builder.Int64s(-1), "/model/token_rows");
        var hidden = builder.Binary("Gather", parameters.EmbedTokens, tokenRows, "/model/embed_tokens/output");
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            hidden = decoderLayer.Build(layer, hidden);
        }

        var normalized = LlamaOnnxDecoderLayer.RmsNorm(builder, hidden, parameters.FinalNorm, config.RmsNormEps, "/model/norm/");
        var logitRows = builder.Linear(normalized, parameters.LmHead, "/lm_head/output");
        var logitsShape = builder.Concat([tokensShape, builder.Int64s(config.VocabSize)], 0, "/lm_head/logits_shape");
        builder.Reshape(logitRows, logitsShape, LlamaOnnxSignature.Logits);

        return new OnnxModel(graph, OpsetVersion) { DocString = "Llama decoder with past key values (Optimum naming)." };
    }

    private static void DeclareInputsAndOutputs(OnnxGraph graph, LlamaConfig config)
    {
        const string batch = LlamaOnnxSignature.BatchSize;
        const string sequence = LlamaOnnxSignature.SequenceLength;
        const string past = LlamaOnnxSignature.PastSequenceLength;
        const string total = LlamaOnnxSignature.TotalSequenceLength;
        OnnxDimension keyValueHeads = config.NumKeyValueHeads;
        OnnxDimension headDim = config.HeadDim;

        graph.AddInput(LlamaOnnxSignature.InputIds, OnnxDataType.Int64, [batch, sequence]);
        graph.AddInput(LlamaOnnxSignature.AttentionMask, OnnxDataType.Int64, [batch, total]);
        graph.AddInput(LlamaOnnxSignature.PositionIds, OnnxDataType.Int64, [batch, sequence]);
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            graph.AddInput(LlamaOnnxSignature.PastKey(layer), OnnxDataType.Float, [batch, keyValueHeads, past, headDim]);
            graph.AddInput(LlamaOnnxSignature.PastValue(layer), OnnxDataType.Float, [batch, keyValueHeads, past, headDim]);
        }

        graph.AddOutput(LlamaOnnxSignature.Logits, OnnxDataType.Float, [batch, sequence, config.VocabSize]);
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            graph.AddOutput(LlamaOnnxSignature.PresentKey(layer), OnnxDataType.Float, [batch, keyValueHeads, total, headDim]);
            graph.AddOutput(LlamaOnnxSignature.PresentValue(layer), OnnxDataType.Float, [batch, keyValueHeads, total, headDim]);
        }
    }
}
