using Feedback.Training.Text.Preference;
using Feedback.Training.Tokenizers;

namespace Feedback.UnitTests.Training.Preference;

/// <summary>
/// A preference a tiny model can learn in a few dozen steps: the chosen answer holds <see cref="Liked"/> and the
/// rejected one <see cref="Disliked"/>, each at a random place among random filler tokens.
/// </summary>
internal static class ToyPreferences
{
    public const int Liked = 10;
    public const int Disliked = 20;
    public const int Bos = ByteTokenizer.Bos;
    public const int Eos = ByteTokenizer.Eos;
    public const int Pad = ByteTokenizer.Pad;

    public static List<PreferencePair> Pairs(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => new PreferencePair(
                [Bos, Filler(random), Filler(random), Filler(random)],
                Answer(random, Liked),
                Answer(random, Disliked),
                Margin: random.Next(3)))
            .ToList();
    }

    private static List<int> Answer(Random random, int marker)
    {
        var tokens = Enumerable.Range(0, 3).Select(_ => Filler(random)).ToList();
        tokens.Insert(random.Next(tokens.Count + 1), marker);
        tokens.Add(Eos);
        return tokens;
    }

    private static int Filler(Random random) => random.Next(40, 90);
}
