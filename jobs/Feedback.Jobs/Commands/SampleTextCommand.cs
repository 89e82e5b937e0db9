using System.CommandLine;
using System.Globalization;
using Feedback.Sampling;
using Feedback.Sampling.Text;
using Feedback.Training.Checkpoints;
using Feedback.Training.Datasets.Text;
using Feedback.Training.Text;
using Feedback.Training.Text.Training;
using Feedback.Training.Tokenizers;

namespace Feedback.Jobs.Commands;

/// <summary>
/// <c>sample-text</c> prints a checkpoint's answers to held-out corpus prompts beside the corpus's best answer to each,
/// for a person to judge, then how often the answers stopped by themselves and differed from each other.
/// </summary>
internal static class SampleTextCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint folder to sample.", Required = true }.CheckpointFolder();
        var prompts = new Option<int>("--prompts") { Description = "Held-out corpus prompts to answer.", DefaultValueFactory = _ => 12 }.AtLeast(1);
        var samples = new Option<int>("--samples") { Description = "Answers per prompt.", DefaultValueFactory = _ => 2 }.AtLeast(1);
        var temperature = new Option<float>("--temperature") { DefaultValueFactory = _ => 0.8f };
        var topP = new Option<float>("--top-p") { DefaultValueFactory = _ => 0.95f };
        var topK = new Option<int>("--top-k") { DefaultValueFactory = _ => 50 }.AtLeast(0);
        var maxNewTokens = new Option<int>("--max-new-tokens") { DefaultValueFactory = _ => 128 }.AtLeast(1);
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var quiet = new Option<bool>("--summary-only") { Description = "Print only the figures, not every answer." };

        var command = new Command("sample-text", "Answer held-out corpus prompts with a text checkpoint (ONNX Runtime), beside the corpus's best answers.")
        {
            checkpoint, prompts, samples, temperature, topP, topK, maxNewTokens, seed, quiet,
        };
        command.SetAction(parse =>
        {
            var folder = Path.GetFullPath(parse.GetValue(checkpoint)!);
            CheckpointManifest.Verify(folder, [TextCheckpoint.OnnxFile]);
            var tokenizer = TextTokenizers.Load(folder);
            using var session = OnnxSessionFactory.Create(Path.Combine(folder, TextCheckpoint.OnnxFile));
            var generator = new TextGenerator(session);
            var perPrompt = parse.GetValue(samples);
            var settings = new GenerationSettings
            {
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                TopK = parse.GetValue(topK),
                MaxNewTokens = parse.GetValue(maxNewTokens),
                Seed = parse.GetValue(seed),
                EosTokenId = tokenizer.EosId,
                PadTokenId = tokenizer.PadId,
            };

            // The same held-out seed as the training commands: prompts the model never trained on.
            var examples = InstructionCorpus.Generate(parse.GetValue(prompts), parse.GetValue(seed) + 7919).ToList();
            var rows = examples.SelectMany(e => Enumerable.Repeat(e, perPrompt)).ToList();
            var encoded = rows.Select(e => ChatTemplate.Encode(tokenizer, e.EarlierTurns.Select(t => (t.Role, t.Text)), e.Prompt)).ToList();
            var generated = generator.Generate(encoded, settings, CancellationToken.None);
            var answers = generated.Select(g => tokenizer.Decode(g.TokenIds).Trim()).ToList();
            for (var i = 0; i < rows.Count && !parse.GetValue(quiet); i++)
            {
                if (i % perPrompt == 0)
                {
                    Console.WriteLine();
                    Console.WriteLine($"[{rows[i].Family}] {CorpusExamples.Prompt(rows[i]).Replace("\n", " | ", StringComparison.Ordinal)}");
                    Console.WriteLine($"  best known answer: {rows[i].Best.Text}");
                }

                Console.WriteLine($"  -> {answers[i]}  [{Describe(GeneratedAnswerJudge.Judge(rows[i], answers[i]))}]");
            }

            Console.WriteLine();
            var stopped = generated.Count(g => g.StoppedAtEos);
            var distinct = Enumerable.Range(0, examples.Count).Count(p => answers.Skip(p * perPrompt).Take(perPrompt).Distinct().Count() == perPrompt);
            var exact = answers.Where((answer, i) => answer == rows[i].Best.Text.Trim()).Count();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows.Count} answers to {examples.Count} prompts: {stopped} ended by themselves, {exact} are the best known answer word for word, " +
                $"mean length {answers.Average(a => a.Length):F0} characters; the {perPrompt} answers differ for {distinct} of {examples.Count} prompts."));
            var judged = answers.Select((answer, i) => GeneratedAnswerJudge.Judge(rows[i], answer)).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Judged by the corpus's rules: {judged.Average(q => q.Correct ? 1.0 : 0):P0} correct, {judged.Average(q => q.Polite ? 1.0 : 0):P0} polite, " +
                $"{judged.Average(q => q.Concise ? 1.0 : 0):P0} concise, {judged.Average(q => q.OnTopic ? 1.0 : 0):P0} on topic; mean score {judged.Average(q => q.Score):F2} of {AnswerQuality.MaxScore}."));
            return 0;
        });
        return command;
    }

    private static string Describe(AnswerQuality quality) => string.Join(", ",
        new[] { (quality.Correct, "correct"), (quality.Polite, "polite"), (quality.Concise, "concise"), (quality.OnTopic, "on topic") }
            .Select(axis => axis.Item1 ? axis.Item2 : "not " + axis.Item2));
}
