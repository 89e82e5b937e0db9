namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Turns a draft's right and wrong answers into variants that differ along the quality axes: the best answer,
/// a wrong one, rude ones, rambling ones and one that talks about something else.
/// </summary>
internal static class AnswerStyler
{
    private const double PoliteMarkerRate = 0.25;
    private const int MinOthers = 3;
    private const int MaxOthers = 5;

    private static readonly AnswerQuality Wrong = new(Correct: false, Polite: true, Concise: true, OnTopic: true);
    private static readonly AnswerQuality Rude = new(Correct: true, Polite: false, Concise: true, OnTopic: true);
    private static readonly AnswerQuality Rambling = new(Correct: true, Polite: true, Concise: false, OnTopic: true);
    private static readonly AnswerQuality OffTopic = new(Correct: false, Polite: true, Concise: true, OnTopic: false);
    private static readonly AnswerQuality RudeWrong = new(Correct: false, Polite: false, Concise: true, OnTopic: true);
    private static readonly AnswerQuality RamblingWrong = new(Correct: false, Polite: true, Concise: false, OnTopic: true);
    private static readonly AnswerQuality RudeRambling = new(Correct: true, Polite: false, Concise: false, OnTopic: true);

    public static (CorpusAnswer Best, IReadOnlyList<CorpusAnswer> Variants) Style(TaskDraft draft, Random rng)
    {
        var best = new CorpusAnswer(MaybePolite(draft.Right, draft.IsBlock, rng), AnswerQuality.Ideal);
        Func<CorpusAnswer>[] others =
        [
            () => new(MaybePolite(draft.Wrong, draft.IsBlock, rng), Wrong),
            () => new(MakeRude(draft.Right, draft.IsBlock, rng), Rude),
            () => new(Ramble(draft.Right, draft.IsBlock, rng), Rambling),
            () => new(OffTopicSentence(draft.Prompt, rng), OffTopic),
            () => new(MakeRude(draft.Wrong, draft.IsBlock, rng), RudeWrong),
            () => new(Ramble(draft.Wrong, draft.IsBlock, rng), RamblingWrong),
            () => new(MakeRude(Ramble(draft.Right, draft.IsBlock, rng), draft.IsBlock, rng), RudeRambling),
        ];
        rng.Shuffle(others);

        var variants = new List<CorpusAnswer> { best };
        var wanted = 1 + rng.Next(MinOthers, MaxOthers + 1);
        foreach (var make in others.TakeWhile(_ => variants.Count < wanted))
        {
            var answer = make();
            if (variants.TrueForAll(v => v.Text != answer.Text))
            {
                variants.Add(answer);
            }
        }

        var shuffled = variants.ToArray();
        rng.Shuffle(shuffled);
        return (best, shuffled);
    }

    private static string MaybePolite(string core, bool block, Random rng)
    {
        if (!rng.Chance(PoliteMarkerRate))
        {
            return core;
        }

        if (block)
        {
            return Join(block, AnswerPhrases.PoliteBlockOpener, core);
        }

        return rng.Next(3) == 0 ? Join(block, core, AnswerPhrases.PoliteCloser) : Join(block, rng.Pick(AnswerPhrases.PoliteOpeners), core);
    }

    private static string MakeRude(string core, bool block, Random rng)
    {
        var form = rng.Next(3);
        var opener = form != 1 ? RudeOpener(core, block, rng) : null;
        var closer = form != 0 ? rng.Pick(AnswerPhrases.RudeClosers) : null;
        if (opener == AnswerPhrases.Obviously)
        {
            return Join(block, $"{opener} {char.ToLowerInvariant(core[0])}{core[1..]}", closer);
        }

        return Join(block, opener, core, closer);
    }

    // "Obviously, the capital of ..." reads well only before some words; elsewhere a rude sentence opens.
    private static string RudeOpener(string core, bool block, Random rng)
    {
        var firstWord = core.Split(' ', 2)[0];
        var lowerable = !block && (char.IsAsciiDigit(core[0]) || AnswerPhrases.LowerableFirstWords.Contains(firstWord));
        return lowerable && rng.Next(2) == 0 ? AnswerPhrases.Obviously : rng.Pick(AnswerPhrases.RudeOpeners);
    }

    private static string Ramble(string core, bool block, Random rng) =>
        Join(block, rng.Pick(AnswerPhrases.RamblingOpeners), core, rng.Pick(AnswerPhrases.RamblingClosers));

    // An unrelated remark that shares no word with the prompt, so it is plainly beside the point.
    private static string OffTopicSentence(string prompt, Random rng)
    {
        var promptWords = Words(prompt);
        var candidates = AnswerPhrases.OffTopic.Where(s => !Words(s).Overlaps(promptWords)).ToArray();
        return rng.Pick(candidates.Length > 0 ? candidates : AnswerPhrases.OffTopic);
    }

    private static HashSet<string> Words(string text) =>
        text.Split([' ', ',', '.', '?', '!', ':'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 3)
            .Select(w => w.ToLowerInvariant())
            .ToHashSet();

    // Block answers (lists) keep each part on its own line; sentences join with a space.
    private static string Join(bool block, params string?[] parts) =>
        string.Join(block ? "\n" : " ", parts.Where(p => !string.IsNullOrEmpty(p)));
}
