using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Training.Datasets.Text;

namespace Feedback.Jobs.Demo;

/// <summary>Text items from the built-in instruction corpus: pairs, some 3-way rankings, and a few gold pairs.</summary>
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

    public static IReadOnlyList<DemoItem> Create(int pairs, int rankings, int gold, int seed)
    {
        var rng = new Random(seed);
        var items = new List<DemoItem>();
        foreach (var example in InstructionCorpus.Generate(pairs + rankings + gold, seed))
        {
            var answers = example.Variants.DistinctBy(v => v.Text).ToArray();
            rng.Shuffle(answers);
            if (items.Count < gold)
            {
                // Gold: the best answer against one that is clearly worse, on a random side.
                var worse = answers.Where(a => a.Quality.Score <= 3).DefaultIfEmpty(answers.MinBy(a => a.Quality.Score)!).First();
                var bestFirst = rng.Next(2) == 0;
                var pair = bestFirst ? new[] { example.Best, worse } : [worse, example.Best];
                items.Add(new DemoItem(ToItem(example, pair), bestFirst ? 0 : 1));
            }
            else if (items.Count < gold + rankings && answers.Length >= 3)
            {
                items.Add(new DemoItem(ToItem(example, answers.Take(3))));
            }
            else
            {
                items.Add(new DemoItem(ToItem(example, answers.Take(2))));
            }
        }

        return items;
    }

    private static NewItem ToItem(InstructionExample example, IEnumerable<CorpusAnswer> answers) => new()
    {
        Prompt = example.Prompt,
        EarlierTurns = example.EarlierTurns.Select(t => new DialogueTurn(t.Role, t.Text)).ToList(),
        Candidates = answers.Select(a => NewCandidate.FromText(a.Text)).ToList(),
    };
}
