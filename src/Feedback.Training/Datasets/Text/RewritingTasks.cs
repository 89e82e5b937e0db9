namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Rewriting a given text: more politely, shorter, as a Markdown bulleted list, or with one part in bold.
/// A wrong rewrite changes the meaning, loses the point, drops an item or bolds the wrong part.
/// </summary>
internal static class RewritingTasks
{
    public static TaskDraft Draft(Random rng) => rng.Next(4) switch
    {
        0 => Polite(rng),
        1 => Shorten(rng),
        2 => Bullets(rng),
        _ => Bold(rng),
    };

    private static TaskDraft Polite(Random rng)
    {
        var index = rng.Next(RewritingBank.Politeness.Length);
        var (blunt, polite) = RewritingBank.Politeness[index];
        var opener = rng.Pick(["Make this sentence polite:", "Rewrite this more politely:"]);
        return new TaskDraft($"{opener} {blunt}", polite, rng.PickOther(RewritingBank.Politeness, index).Polite);
    }

    private static TaskDraft Shorten(Random rng)
    {
        var (wordy, brief, losesThePoint) = rng.Pick(RewritingBank.Shortening);
        var opener = rng.Pick(["Shorten this:", "Make this shorter:"]);
        return new TaskDraft($"{opener} {wordy}", brief, losesThePoint);
    }

    private static TaskDraft Bullets(Random rng)
    {
        var pool = rng.Pick(RewritingBank.ListItems).ToArray();
        rng.Shuffle(pool);
        var items = pool[..rng.Next(3, 5)];
        var opener = rng.Pick(["Turn this into a bulleted list:", "Make a Markdown list of these:"]);
        var prompt = $"{opener} {string.Join(", ", items[..^1])} and {items[^1]}.";
        if (!rng.Chance(TaskDraft.FollowUpRate))
        {
            var missing = rng.Next(items.Length);
            return new TaskDraft(prompt, List(items), List(items.Where((_, i) => i != missing)));
        }

        // Asked to sort, handing back the list as it was (or sorted backwards, when it was already in order) misses the request.
        var sorted = items.Order(StringComparer.Ordinal).ToArray();
        var unsorted = items.SequenceEqual(sorted) ? Enumerable.Reverse(sorted) : items;
        return TaskDraft.FollowUp(prompt, List(items), "Now sort the list alphabetically.", List(sorted), List(unsorted));
    }

    private static TaskDraft Bold(Random rng)
    {
        var (sentence, key, what, decoy) = rng.Pick(RewritingBank.Emphasis);
        return new TaskDraft(
            $"Put the {what} in bold: {sentence}",
            sentence.Replace(key, $"**{key}**", StringComparison.Ordinal),
            sentence.Replace(decoy, $"**{decoy}**", StringComparison.Ordinal));
    }

    private static string List(IEnumerable<string> items) => string.Join("\n", items.Select(item => $"- {item}"));
}
