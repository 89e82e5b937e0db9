using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Text;

/// <summary>Small enough configs and models for tests that run in milliseconds.</summary>
internal static class TinyLlama
{
    public static LlamaConfig Config(bool tied = false, int vocabSize = 259) => new()
    {
        VocabSize = vocabSize,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeadsOrNull = 2,
        MaxPositionEmbeddings = 128,
        TieWordEmbeddings = tied,
    };

    /// <summary>A model whose weights depend only on <paramref name="seed"/>, whatever other tests draw meanwhile.</summary>
    public static LlamaModel Model(int seed = 7, bool tied = false, int vocabSize = 259)
    {
        using var generator = new Generator((ulong)seed);
        var model = new LlamaModel(Config(tied, vocabSize), generator);
        model.eval();
        return model;
    }

    public static Tensor Ids(params long[] ids) => tensor(ids).view(1, -1);

    public static float MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
