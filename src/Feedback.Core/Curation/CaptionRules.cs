using System.Text.RegularExpressions;

namespace Feedback.Core.Curation;

/// <summary>Why a caption is of no use for training, or null when it is fine.</summary>
public static partial class CaptionRules
{
    public static string? Problem(string? caption, string fileName, CurationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = caption?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "the caption is empty";
        }

        var words = Words().Matches(text).Select(m => m.Value).ToList();
        if (words.Count < settings.MinCaptionWords)
        {
            return $"the caption has fewer than {settings.MinCaptionWords} words";
        }

        var stem = Path.GetFileNameWithoutExtension(fileName);
        if (string.Equals(text, stem, StringComparison.OrdinalIgnoreCase) || Placeholder().IsMatch(text))
        {
            return "the caption is a placeholder or the file's name, not a description";
        }

        var blocked = settings.BlockedWords.FirstOrDefault(b => words.Any(w => string.Equals(w, b.Trim(), StringComparison.OrdinalIgnoreCase)));
        return blocked is null ? null : $"the caption holds the blocked word \"{blocked.Trim()}\"";
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex Words();

    [GeneratedRegex(@"^(an? )?(img|image|dsc|photo|picture|pic|screenshot|untitled|no caption|caption|todo|n/?a|none)([\s_\-.]*\d*)*$", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
