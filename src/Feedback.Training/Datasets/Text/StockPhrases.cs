using System.Text.RegularExpressions;

namespace Feedback.Training.Datasets.Text;

/// <summary>What an answer says besides its content: the stock phrases it carries, and the text left without them.</summary>
/// <param name="Core">The answer with every stock phrase taken out; each one leaves a line break behind.</param>
internal sealed record StockReading(string Core, bool Rude, bool Rambling, bool OffTopic);

/// <summary>
/// Finds the phrases that give an answer its tone: the corpus's own (<see cref="AnswerPhrases"/>) word for word, and
/// the common ways a generated answer sneers or pads in other words.
/// </summary>
internal static partial class StockPhrases
{
    private enum Kind
    {
        Polite,
        Rude,
        Rambling,
        OffTopic,
    }

    // Longest first, so that a phrase inside a longer one ("of course." in a rambling closer) never splits it.
    private static readonly (string Text, Kind Kind)[] Known =
        AnswerPhrases.PoliteOpeners.Append(AnswerPhrases.PoliteCloser).Append(AnswerPhrases.PoliteBlockOpener).Select(p => (p, Kind.Polite))
            .Concat(AnswerPhrases.RudeOpeners.Concat(AnswerPhrases.RudeClosers).Append(AnswerPhrases.Obviously).Select(p => (p, Kind.Rude)))
            .Concat(AnswerPhrases.RamblingOpeners.Concat(AnswerPhrases.RamblingClosers).Select(p => (p, Kind.Rambling)))
            .Concat(AnswerPhrases.OffTopic.Select(p => (p, Kind.OffTopic)))
            .OrderByDescending(p => p.Item1.Length)
            .ToArray();

    public static StockReading Read(string answer)
    {
        var core = answer;
        var found = new HashSet<Kind>();
        foreach (var (text, kind) in Known)
        {
            if (core.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(kind);
                core = core.Replace(text, "\n", StringComparison.OrdinalIgnoreCase);
            }
        }

        return new StockReading(
            core,
            Rude: found.Contains(Kind.Rude) || Scolding().IsMatch(answer),
            Rambling: found.Contains(Kind.Rambling) || Filler().IsMatch(answer),
            OffTopic: found.Contains(Kind.OffTopic));
    }

    [GeneratedRegex(
        @"\b(obviously|ugh|seriously|silly|stupid|idiot\w*|dumb|duh|pathetic|ridiculous|lazy|if you insist|yourself|keep up|shut up|" +
        @"figure it out|waste (of )?(my )?time|everyone knows|as anyone (can|could) see)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Scolding();

    [GeneratedRegex(
        @"\b(let me think|step by step|interesting (thing|question)|good question|a lot one could say|i hope (that|this|it) (makes|helps)|" +
        @"many other ways|let me know if|as i always|take a moment|in more detail|to be honest|needless to say|at the end of the day|" +
        @"it is worth (noting|mentioning)|as you (may|might) know|all things considered)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filler();
}
