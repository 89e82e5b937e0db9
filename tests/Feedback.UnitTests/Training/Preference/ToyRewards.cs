using Feedback.Training.Text.Preference;
using Feedback.UnitTests.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Preference;

/// <summary>
/// A reward model built by hand: every layer passes its input through unchanged (zero output projections), so the
/// score reads only the last real token: +1 for an even token id, -1 for an odd one.
/// </summary>
internal static class ToyRewards
{
    public const int VocabSize = 16;
    public const int Eos = 15;
    public const int Pad = 14;

    public static RewardModel EvenLastToken()
    {
        var model = new RewardModel(TinyLlama.Config(vocabSize: VocabSize));
        using var noGrad = no_grad();
        foreach (var (name, weight) in model.ExportWeights())
        {
            if (name.EndsWith("o_proj.weight", StringComparison.Ordinal) || name.EndsWith("down_proj.weight", StringComparison.Ordinal))
            {
                weight.zero_();
            }
        }

        // Embedding [1, +-1, 0, ...]: the final norm scales it by sqrt(hidden / 2) = 4, and the head reads 0.25 of dimension 1.
        var embedding = model.ExportWeights()["model.embed_tokens.weight"].zero_();
        for (var token = 0; token < VocabSize; token++)
        {
            embedding[token, 0] = 1f;
            embedding[token, 1] = token % 2 == 0 ? 1f : -1f;
        }

        var head = model.ExportWeights()["score.weight"].zero_();
        head[0, 1] = 0.25f;
        model.eval();
        return model;
    }

    public static List<IReadOnlyList<int>> Prompts(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(0, 12)).ToList())
            .ToList();
    }
}
