namespace Feedback.Training.Datasets.Text;

/// <summary>
/// What an answer must say to state an example's right answer and not its wrong one. A list must give the right items
/// in the right order. When the right and wrong answers use the same words, what tells them apart is the emphasis
/// (which part is bold), so the right words and bold part must both be there. Otherwise the words that only the
/// right answer has are its key ("85" in "2 + 83 = 85." against "2 + 83 = 86."), so another phrasing of the same
/// statement counts; the wrong answer is stated when all the words only it has appear, in order.
/// </summary>
internal sealed class AnswerKey
{
    private enum Shape
    {
        List,
        Emphasis,
        Statement,
    }

    private readonly Shape shape;
    private readonly IReadOnlyList<string> rightWords;
    private readonly IReadOnlyList<string> rightItems;
    private readonly IReadOnlyList<string> rightBold;
    private readonly IReadOnlyList<string> rightOnly;
    private readonly IReadOnlyList<string> wrongOnly;

    public AnswerKey(string right, string wrong)
    {
        rightWords = AnswerText.Words(right);
        rightItems = AnswerText.ListItems(right);
        rightBold = AnswerText.BoldSpans(right);
        var wrongWords = AnswerText.Words(wrong);
        rightOnly = rightWords.Except(wrongWords).ToList();
        wrongOnly = wrongWords.Except(rightWords).ToList();
        shape = rightItems.Count > 1 ? Shape.List
            : rightWords.SequenceEqual(wrongWords) ? Shape.Emphasis
            : Shape.Statement;
    }

    /// <summary>The number of words in the right answer.</summary>
    public int Length => rightWords.Count;

    public bool StatesRight(string text)
    {
        var words = AnswerText.Words(text);
        return shape switch
        {
            Shape.List => AnswerText.ListItems(text).SequenceEqual(rightItems),
            Shape.Emphasis => AnswerText.ContainsRun(words, rightWords) && AnswerText.BoldSpans(text).SequenceEqual(rightBold),

            // Right and wrong differ only in how often words occur ("20 - 10 = 10." against "20 - 10 = 20."): word for word.
            _ => rightOnly.Count > 0 ? AnswerText.ContainsInOrder(words, rightOnly) : AnswerText.ContainsRun(words, rightWords),
        };
    }

    public bool StatesWrong(string text) =>
        shape == Shape.Statement && wrongOnly.Count > 0 && AnswerText.ContainsInOrder(AnswerText.Words(text), wrongOnly);
}
