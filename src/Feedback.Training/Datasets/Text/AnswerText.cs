using System.Globalization;
using System.Text.RegularExpressions;

namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Reads answer text the way <see cref="GeneratedAnswerJudge"/> compares it: words in lower case without the
/// punctuation around them (numbers in one canonical form), Markdown list items, bold spans, and the values a text
/// states (numbers, and names: capitalised words inside a sentence).
/// </summary>
internal static partial class AnswerText
{
    private const double MinAlphanumericShare = 0.4;
    private const int MaxWordLength = 40;

    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        foreach (var chunk in Chunks(text))
        {
            if (Clean(chunk) is { Length: > 0 } word)
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>The items of a Markdown list ("- ", "* ", "+ " or "1. " lines), each as its words joined by single spaces.</summary>
    public static IReadOnlyList<string> ListItems(string text) =>
        Lines(text)
            .Select(line => ListItem().Match(line))
            .Where(match => match.Success)
            .Select(match => string.Join(' ', Words(match.Groups[1].Value)))
            .ToList();

    public static IReadOnlyList<string> BoldSpans(string text) =>
        Bold().Matches(text).Select(match => string.Join(' ', Words(match.Groups[1].Value))).ToList();

    /// <summary>
    /// The numbers and names the text states, as words. A name is a capitalised word that does not begin a sentence,
    /// a line or a list item ("I" aside), so "Dear Maria" names Maria and "The answer" names nothing.
    /// </summary>
    public static IEnumerable<string> Values(string text)
    {
        foreach (var line in Lines(text))
        {
            var startsSentence = true;
            foreach (var chunk in Chunks(ListMarker().Replace(line, string.Empty)))
            {
                var word = Clean(chunk);
                if (word.Length == 0)
                {
                    continue;
                }

                if (IsNumber(word))
                {
                    yield return word;
                }
                else if (!startsSentence && word != "i" && char.IsUpper(chunk.TrimStart('*', '"', '\'', '(').FirstOrDefault()))
                {
                    yield return word;
                }

                startsSentence = chunk.TrimEnd('*', '"', '\'', ')') is [.., '.' or '!' or '?' or ':'];
            }
        }
    }

    public static bool IsNumber(string word) => TryParseNumber(word, out _);

    /// <summary>Whether the text reads as words at all: not empty, not mostly symbols, no endless run of letters.</summary>
    public static bool LooksLikeText(string text)
    {
        var visible = text.Where(c => !char.IsWhiteSpace(c)).ToList();
        if (visible.Count == 0)
        {
            return false;
        }

        var alphanumeric = visible.Count(char.IsLetterOrDigit);
        var words = Words(text);
        return alphanumeric >= MinAlphanumericShare * visible.Count && words.Count > 0 && words.All(w => w.Length <= MaxWordLength);
    }

    /// <summary>Whether <paramref name="wanted"/> occurs in <paramref name="words"/> in order, other words in between allowed.</summary>
    public static bool ContainsInOrder(IReadOnlyList<string> words, IReadOnlyList<string> wanted)
    {
        var next = 0;
        for (var i = 0; i < words.Count && next < wanted.Count; i++)
        {
            if (words[i] == wanted[next])
            {
                next++;
            }
        }

        return next == wanted.Count;
    }

    /// <summary>Whether <paramref name="run"/> occurs in <paramref name="words"/> word for word, nothing in between.</summary>
    public static bool ContainsRun(IReadOnlyList<string> words, IReadOnlyList<string> run)
    {
        for (var start = 0; start + run.Count <= words.Count; start++)
        {
            var i = 0;
            while (i < run.Count && words[start + i] == run[i])
            {
                i++;
            }

            if (i == run.Count)
            {
                return true;
            }
        }

        return run.Count == 0;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string[] Chunks(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    // Lower case, bold markers dropped, punctuation trimmed from both ends; a leading minus stays on a number.
    private static string Clean(string chunk)
    {
        var text = chunk.Replace("*", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var start = 0;
        while (start < text.Length && !char.IsLetterOrDigit(text[start]) && !(text[start] == '-' && start + 1 < text.Length && char.IsAsciiDigit(text[start + 1])))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && !char.IsLetterOrDigit(text[end - 1]))
        {
            end--;
        }

        var word = text[start..end];
        return TryParseNumber(word, out var number) ? number.ToString("G29", CultureInfo.InvariantCulture) : word;
    }

    private static bool TryParseNumber(string word, out decimal number) =>
        decimal.TryParse(word, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);

    [GeneratedRegex(@"^(?:[-*+]|\d+[.)])\s+(.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^(?:[-*+]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline)]
    private static partial Regex Bold();
}
