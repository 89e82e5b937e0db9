using Feedback.Training.Datasets.Text;
using Feedback.Training.Tokenizers;

namespace Feedback.Training.Text.Training;

/// <summary>
/// Training sequences from the built-in instruction corpus. Each prompt is paired with one of its answers drawn at
/// random, whatever its quality, so the trained model answers in the corpus's format with the corpus's spread of
/// good and bad answers: the raw material preferences then improve on.
/// </summary>
public static class CorpusExamples
{
    public static IEnumerable<TextExample> Generate(ITextTokenizer tokenizer, int count, int seed, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var rng = new Random(seed ^ 0x5eed);
        foreach (var example in InstructionCorpus.Generate(count, seed))
        {
            var answer = example.Variants[rng.Next(example.Variants.Count)];
            var encoded = Encode(tokenizer, Prompt(example), answer.Text);
            if (encoded.Length <= maxLength)
            {
                yield return encoded;
            }
        }
    }

    public static string Prompt(InstructionExample example) =>
        ChatTemplate.Prompt(example.EarlierTurns.Select(t => (t.Role, t.Text)), example.Prompt);

    public static TextExample Encode(ITextTokenizer tokenizer, string prompt, string answer)
    {
        var tokens = new List<int> { tokenizer.BosId };
        tokens.AddRange(tokenizer.Encode(prompt));
        var answerStart = tokens.Count;
        tokens.AddRange(tokenizer.Encode(answer));
        tokens.Add(tokenizer.EosId);
        return new TextExample(tokens, answerStart);
    }
}
