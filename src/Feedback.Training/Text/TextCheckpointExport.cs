using Feedback.Training.Checkpoints;
using Feedback.Training.Onnx;
using Feedback.Training.Tokenizers;

namespace Feedback.Training.Text;

/// <summary>A complete servable folder: the checkpoint, its model.onnx exported from the same weights, and the manifest over both.</summary>
public static class TextCheckpointExport
{
    public static void Write(string folder, LlamaModel model, ITextTokenizer tokenizer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        TextCheckpoint.Save(folder, model, tokenizer, metadata);
        LlamaOnnxExporter.Export(model.Config, model.ExportWeights(), Path.Combine(folder, TextCheckpoint.OnnxFile));
        TextCheckpoint.WriteManifest(folder);
    }
}
