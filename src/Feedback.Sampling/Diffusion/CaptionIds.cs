using System.Text.RegularExpressions;

namespace Feedback.Sampling.Diffusion;

/// <summary>
/// Captions to the ids the caption encoder reads: lower-cased words (runs of letters) looked up in the checkpoint's
/// vocabulary (index 0 pads, index 1 stands for unknown words), padded or cut to a fixed length.
/// </summary>
public sealed partial class CaptionIds(IReadOnlyList<string> vocabulary, int maxTokens)
{
    private const long PadId = 0;
    private const long UnknownId = 1;

    private readonly Dictionary<string, long> _ids = vocabulary.Select((word, id) => (word, (long)id)).ToDictionary(p => p.word, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Ids of each caption, row after row; an empty caption is all padding (the unconditional input).</summary>
    public long[] Encode(IReadOnlyList<string> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var ids = new long[captions.Count * maxTokens];
        for (var row = 0; row < captions.Count; row++)
        {
            var column = 0;
            foreach (Match word in Words().Matches(captions[row].ToLowerInvariant()))
            {
                if (column == maxTokens)
                {
                    break;
                }

                ids[(row * maxTokens) + column++] = _ids.GetValueOrDefault(word.Value, UnknownId);
            }
        }

        return ids;
    }

    [GeneratedRegex("[a-z]+")]
    private static partial Regex Words();
}
