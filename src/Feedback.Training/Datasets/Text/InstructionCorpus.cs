namespace Feedback.Training.Datasets.Text;

/// <summary>
/// A built-in, deterministic corpus of short instructions with answers of known quality: demo comparisons for
/// raters, text for a small model to learn from, and the ground truth of simulated raters. Pure ASCII; prompts
/// stay under 120 characters and answers under 300.
/// </summary>
public static class InstructionCorpus
{
    private static readonly (string Name, Func<Random, TaskDraft> Draft)[] Drafters =
    [
        (InstructionFamilies.Arithmetic, ArithmeticTasks.Draft),
        (InstructionFamilies.Units, UnitConversionTasks.Draft),
        (InstructionFamilies.Facts, FactTasks.Draft),
        (InstructionFamilies.Rewriting, RewritingTasks.Draft),
        (InstructionFamilies.Requests, RequestTasks.Draft),
    ];

    public static IReadOnlyList<string> Families { get; } = Drafters.Select(d => d.Name).ToArray();

    /// <summary>One example from a family chosen at random; the same sequence of calls on the same seeded <paramref name="rng"/> gives the same examples.</summary>
    public static InstructionExample Generate(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (family, draft) = rng.Pick(Drafters);
        return Build(family, draft(rng), rng);
    }

    /// <summary>One example from the named family.</summary>
    public static InstructionExample Generate(string family, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var drafter = Drafters.FirstOrDefault(d => d.Name == family);
        if (drafter.Draft is null)
        {
            throw new ArgumentException($"Unknown family '{family}'; the families are {string.Join(", ", Families)}.", nameof(family));
        }

        return Build(family, drafter.Draft(rng), rng);
    }

    public static IEnumerable<InstructionExample> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Iterate(count, seed);
    }

    private static IEnumerable<InstructionExample> Iterate(int count, int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return Generate(rng);
        }
    }

    private static InstructionExample Build(string family, TaskDraft draft, Random rng)
    {
        var (best, variants) = AnswerStyler.Style(draft, rng);
        return new InstructionExample(family, draft.Prompt, draft.EarlierTurns, best, variants, draft.Right, draft.Wrong);
    }
}
