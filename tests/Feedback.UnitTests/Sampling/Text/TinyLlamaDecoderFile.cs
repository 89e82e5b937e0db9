using Feedback.Training.Onnx;
using Feedback.Training.Text;
using Feedback.UnitTests.Training.Onnx;

namespace Feedback.UnitTests.Sampling.Text;

/// <summary>
/// A tiny Llama decoder (hidden 32, 2 layers, 4 heads over 2 key/value heads, vocabulary 50) with seeded random weights,
/// exported once to a temporary folder for the tests that share it.
/// </summary>
public sealed class TinyLlamaDecoderFile : IDisposable
{
    public const int VocabularySize = 50;
    public const int EosTokenId = 2;
    public const int PadTokenId = 0;

    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-text-").FullName;

    public TinyLlamaDecoderFile()
    {
        Path = Export("decoder.onnx", seed: 1234);
    }

    public static LlamaConfig Config { get; } = RandomTinyLlama.Config() with { MaxPositionEmbeddings = 128 };

    /// <summary>The decoder every test shares.</summary>
    public string Path { get; }

    /// <summary>Exports another decoder of the same shape, with weights from <paramref name="seed"/>, next to the shared one.</summary>
    public string Export(string fileName, int seed)
    {
        var path = System.IO.Path.Combine(_directory, fileName);
        LlamaOnnxExporter.Export(Config, RandomTinyLlama.RandomWeights(Config, seed), path);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
