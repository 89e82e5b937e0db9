using System.Text;
using System.Text.Json;

namespace Feedback.UnitTests.Training.Text;

/// <summary>Writes a GPT-2-style byte-level vocab.json and merges.txt: the 256 byte symbols, then one token per merge.</summary>
internal static class TinyBpeFiles
{
    public static readonly string[] Merges = ["h e", "l l", "he ll", "hell o", "Ġ w", "Ġw o", "r l", "Ġwo rl", "Ġworl d", "1 2", "12 3", "123 4"];

    public static Dictionary<string, int> Write(string folder, IEnumerable<string>? extraTokens = null, IEnumerable<string>? merges = null)
    {
        Directory.CreateDirectory(folder);
        var mergeList = (merges ?? Merges).ToList();
        var vocabulary = new Dictionary<string, int>();
        foreach (var symbol in ByteSymbols())
        {
            vocabulary[symbol] = vocabulary.Count;
        }

        foreach (var token in mergeList.Select(merge => merge.Replace(" ", "", StringComparison.Ordinal)).Concat(extraTokens ?? []))
        {
            vocabulary.TryAdd(token, vocabulary.Count);
        }

        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocabulary));
        File.WriteAllText(Path.Combine(folder, "merges.txt"), "#version: 0.2\n" + string.Join("\n", mergeList) + "\n");
        return vocabulary;
    }

    /// <summary>GPT-2's printable stand-in for each byte 0-255, in byte order: printable bytes stand for themselves.</summary>
    public static IEnumerable<string> ByteSymbols()
    {
        var next = 256;
        for (var value = 0; value < 256; value++)
        {
            var printable = value is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            yield return new Rune(printable ? value : next++).ToString();
        }
    }

    public static string ByteSymbol(byte value) => ByteSymbols().ElementAt(value);
}
