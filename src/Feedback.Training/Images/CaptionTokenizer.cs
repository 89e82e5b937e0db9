using System.Text.RegularExpressions;

namespace Feedback.Training.Images;

/// <summary>
/// Words to ids for captions: a fixed vocabulary of the words scene captions use, lower-cased, split on anything that
/// is not a letter, every caption padded (or cut) to the same length. Unknown words share one id; the empty caption
/// (all padding) is what classifier-free guidance uses as "no caption".
/// </summary>
public sealed partial class CaptionTokenizer
{
    public const int PadId = 0;
    public const int UnknownId = 1;
    public const int DefaultMaxTokens = 16;

    private static readonly string[] Words =
    [
        "<pad>", "<unk>",
        "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "small", "large", "red", "green", "blue", "yellow", "purple", "white",
        "circle", "circles", "square", "squares", "triangle", "triangles",
        "above", "below", "left", "right", "of", "and", "on", "background",
        "black", "gray", "dark", "brown", "the", "with", "next", "to",
    ];

    private readonly Dictionary<string, int> _ids;

    private CaptionTokenizer()
    {
        _ids = Words.Select((word, id) => (word, id)).ToDictionary(p => p.word, p => p.id, StringComparer.Ordinal);
    }

    public static CaptionTokenizer Default { get; } = new();

    public int VocabSize => Words.Length;

    /// <summary>The words by id, as written beside a checkpoint for samplers to read.</summary>
    public IReadOnlyList<string> Vocabulary => Words;

    /// <summary>Ids of <paramref name="caption"/>, padded with <see cref="PadId"/> to <paramref name="maxTokens"/>.</summary>
    public long[] Encode(string caption, int maxTokens = DefaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(caption);
        var ids = new long[maxTokens];
        var count = 0;
        foreach (var word in NonLetters().Split(caption.ToLowerInvariant()).Where(w => w.Length > 0))
        {
            if (count == maxTokens)
            {
                break;
            }

            ids[count++] = _ids.GetValueOrDefault(word, UnknownId);
        }

        return ids;
    }

    /// <summary>Ids of every caption, row after row: [captions.Count * maxTokens].</summary>
    public long[] EncodeBatch(IReadOnlyList<string> captions, int maxTokens = DefaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var ids = new long[captions.Count * maxTokens];
        for (var i = 0; i < captions.Count; i++)
        {
            Encode(captions[i], maxTokens).CopyTo(ids, i * maxTokens);
        }

        return ids;
    }

    [GeneratedRegex("[^a-z]+")]
    private static partial Regex NonLetters();
}
