namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Scores any answer text, such as one a model generated, against an example's known truth on the four axes of
/// <see cref="AnswerQuality"/>, by rule. It gives every answer of the corpus exactly the quality the corpus stored.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Polite</b>: no rude phrase of the corpus ("Obviously,", "Try to keep up.") and no other sneering or scolding.</item>
/// <item><b>On topic</b>: once the stock phrases (polite, rude, rambling, off-topic remarks) are taken out, something is
/// left that shares a content word or number with the prompt, the conversation or the known answers.</item>
/// <item><b>Correct</b>: on topic, states the right answer (see <see cref="AnswerKey"/>), does not state the wrong one,
/// and states no other value: no number or name, and none of the words the corpus swaps between examples
/// (<see cref="CorpusValues"/>), that the prompt, the conversation and the known answers do not contain. Such a value
/// is one the truth cannot vouch for, so "85, or maybe 86", "85. Also 7 x 3 = 21." and "There are 7 days in a week."
/// (to "What is 53 minus 46?") are not correct.</item>
/// <item><b>Concise</b>: no rambling phrase, no off-topic remark beside the answer, and no more than a few words
/// beyond the longer of the known right and wrong answers, stock phrases not counted.</item>
/// </list>
/// Text that does not read as words (empty, mostly symbols) is none of these but polite, unless it is rude.
/// Like the corpus's off-topic answers, an answer that is off topic is never correct.
/// </remarks>
public static class GeneratedAnswerJudge
{
    /// <summary>Words allowed beyond the known answers before an answer stops being concise: about a short polite remark.</summary>
    public const int ExtraWordAllowance = 4;

    private static readonly HashSet<string> FunctionWords =
    [
        "the", "and", "are", "was", "were", "for", "you", "your", "that", "this", "with", "have", "has", "had", "not", "but", "its",
        "from", "they", "them", "their", "there", "then", "than", "will", "would", "could", "should", "can", "did", "does", "all",
        "any", "our", "also", "too", "very", "just", "yes", "she", "her", "him", "his", "who", "what", "which", "when", "where",
        "why", "been", "being", "into", "some", "such", "only", "more", "most",
    ];

    public static AnswerQuality Judge(InstructionExample truth, string answer)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(answer);
        var stock = StockPhrases.Read(answer);
        var polite = !stock.Rude;
        if (!AnswerText.LooksLikeText(answer))
        {
            return new AnswerQuality(Correct: false, polite, Concise: false, OnTopic: false);
        }

        var key = new AnswerKey(truth.RightAnswer, truth.WrongAnswer);
        var known = KnownWords(truth);
        var core = AnswerText.Words(stock.Core);
        var statesRight = key.StatesRight(stock.Core);
        var onTopic = statesRight || core.Any(w => IsContent(w) && known.Contains(w));
        var correct = onTopic && statesRight && !key.StatesWrong(stock.Core) && !StatesOtherValue(stock.Core, core, known);
        var longest = Math.Max(key.Length, AnswerText.Words(truth.WrongAnswer).Count);
        var concise = !stock.Rambling && !(stock.OffTopic && core.Count > 0) && core.Count <= longest + ExtraWordAllowance;
        return new AnswerQuality(correct, polite, concise, onTopic);
    }

    internal static bool IsFunctionWord(string word) => FunctionWords.Contains(word);

    private static bool StatesOtherValue(string text, IReadOnlyList<string> words, HashSet<string> known) =>
        AnswerText.Values(text).Any(v => !known.Contains(v)) || words.Any(w => CorpusValues.Words.Contains(w) && !known.Contains(w));

    private static HashSet<string> KnownWords(InstructionExample truth) =>
        truth.EarlierTurns.Select(t => t.Text)
            .Append(truth.Prompt)
            .Append(truth.RightAnswer)
            .Append(truth.WrongAnswer)
            .SelectMany(AnswerText.Words)
            .ToHashSet();

    private static bool IsContent(string word) => AnswerText.IsNumber(word) || (word.Length >= 3 && !FunctionWords.Contains(word));
}
