namespace Feedback.Training.Datasets.Text;

/// <summary>
/// The lower-case words that the task families swap for one another (facts and what they are about, gifts, list
/// items, rhymes, pets, the parts of a sentence to put in bold). An answer that uses one its truth does not mention
/// states a value of another example, as in a thank-you note for the wrong gift.
/// </summary>
internal static class CorpusValues
{
    // Everyday words that also occur in the banks, and are as likely in a friendly remark as in a value.
    private static readonly HashSet<string> Everyday = ["help", "move", "good", "take", "out", "day", "first", "second", "third", "lead", "form", "house"];

    public static IReadOnlySet<string> Words { get; } = Collect();

    private static HashSet<string> Collect()
    {
        var texts = FactTable.Categories.SelectMany(c => c.Rows).SelectMany(row => row)
            .Concat(RequestBank.Pets)
            .Concat(RequestBank.Gifts)
            .Concat(RequestBank.Rhymes.SelectMany(r => r))
            .Concat(RewritingBank.ListItems.SelectMany(items => items))
            .Concat(RewritingBank.Emphasis.SelectMany(e => new[] { e.Key, e.Decoy }));
        return texts.SelectMany(AnswerText.Words)
            .Where(w => w.Length >= 3 && !AnswerText.IsNumber(w) && !Everyday.Contains(w) && !GeneratedAnswerJudge.IsFunctionWord(w))
            .ToHashSet();
    }
}
