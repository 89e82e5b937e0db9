using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Training.Datasets.Text;

namespace Feedback.Jobs.Demo;

/// <summary>The text demo's content from the built-in instruction corpus: prompts for the base model, and a few gold pairs.</summary>
internal static class DemoTextItems
{
    public const string Guidelines = """
        ### Which answer is better?

        Read the prompt (and the conversation before it, if there is one), then both answers.

        1. **Correct** beats wrong: check the numbers, units and facts.
        2. **On topic**: an answer that ignores the question is bad however nice it sounds.
        3. **Polite**: no sneering or scolding.
        4. **Concise**: filler around a right answer makes it worse, not better.

        Pick *tie* only when you truly cannot choose, and *both bad* when neither answer is acceptable. For a ranking, put the best answer first.
        """;

    /// <summary>
    /// Gold pairs written from the corpus (its best answer against a clearly worse one, on a random side), then the
    /// prompts for the base model to answer: <paramref name="prompts"/> for raters and <paramref name="heldOut"/> kept for
    /// evaluating checkpoints. The corpus examples behind them are all different.
    /// </summary>
    public static (IReadOnlyList<DemoItem> Gold, IReadOnlyList<NewPrompt> Prompts) Create(int gold, int prompts, int heldOut, int seed)
    {
        var rng = new Random(seed);
        var examples = InstructionCorpus.Generate(gold + prompts + heldOut, seed).ToList();
        var goldItems = new List<DemoItem>();
        foreach (var example in examples.Take(gold))
        {
            var answers = example.Variants.DistinctBy(v => v.Text).ToArray();
            rng.Shuffle(answers);
            var worse = answers.Where(a => a.Quality.Score <= 3).DefaultIfEmpty(answers.MinBy(a => a.Quality.Score)!).First();
            var bestFirst = rng.Next(2) == 0;
            var pair = bestFirst ? new[] { example.Best, worse } : [worse, example.Best];
            goldItems.Add(new DemoItem(ToItem(example, pair), bestFirst ? 0 : 1));
        }

        var toAnswer = examples.Skip(gold)
            .Select((example, i) => new NewPrompt(example.Prompt, Turns(example), IsHeldOut: i >= prompts))
            .ToList();
        return (goldItems, toAnswer);
    }

    private static List<DialogueTurn> Turns(InstructionExample example) =>
        example.EarlierTurns.Select(t => new DialogueTurn(t.Role, t.Text)).ToList();

    private static NewItem ToItem(InstructionExample example, IEnumerable<CorpusAnswer> answers) => new()
    {
        Prompt = example.Prompt,
        EarlierTurns = Turns(example),
        Candidates = answers.Select(a => NewCandidate.FromText(a.Text)).ToList(),
    };
}
