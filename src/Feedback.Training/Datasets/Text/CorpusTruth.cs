using System.Diagnostics.CodeAnalysis;

namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Finds the corpus example behind a prompt, by its text and the conversation before it, so that an answer to it can
/// be judged with <see cref="GeneratedAnswerJudge"/>. Texts are compared exactly, apart from surrounding white space.
/// </summary>
/// <remarks>
/// One prompt can come up more than once in a corpus. A repeat whose right answer the first example's truth judges
/// correct (the same statement, or another phrasing of it) is the same truth. Some prompts have right answers that
/// exclude each other (one pet name or another); there the first example wins and the later ones are listed in
/// <see cref="Conflicts"/>, so a caller can tell that the index had to choose.
/// </remarks>
public sealed class CorpusTruth
{
    private readonly Dictionary<string, InstructionExample> examples = new(StringComparer.Ordinal);
    private readonly List<InstructionExample> conflicts = [];

    public CorpusTruth(IEnumerable<InstructionExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        foreach (var example in examples)
        {
            var key = Key(example.Prompt, example.EarlierTurns.Select(t => (t.Role, t.Text)));
            if (!this.examples.TryAdd(key, example) && !GeneratedAnswerJudge.Judge(this.examples[key], example.RightAnswer).Correct)
            {
                conflicts.Add(example);
            }
        }
    }

    /// <summary>The number of distinct prompts (with their earlier turns) indexed.</summary>
    public int Count => examples.Count;

    /// <summary>Examples left out because an earlier one with the same prompt and turns has a right answer that contradicts theirs.</summary>
    public IReadOnlyList<InstructionExample> Conflicts => conflicts;

    /// <summary>An index of the first <paramref name="count"/> examples of the corpus with this seed.</summary>
    public static CorpusTruth FromCorpus(int count, int seed) => new(InstructionCorpus.Generate(count, seed));

    public bool TryFind(string prompt, IReadOnlyList<(string Role, string Text)> earlierTurns, [MaybeNullWhen(false)] out InstructionExample example)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(earlierTurns);
        return examples.TryGetValue(Key(prompt, earlierTurns), out example);
    }

    // Roles and texts never hold control characters (the corpus is printable ASCII), so these separators cannot collide.
    private static string Key(string prompt, IEnumerable<(string Role, string Text)> earlierTurns) =>
        string.Concat(earlierTurns.Select(t => $"{t.Role.Trim()}\u001f{t.Text.Trim()}\u001e")) + prompt.Trim();
}
