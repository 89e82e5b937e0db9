using System.CommandLine;
using System.Globalization;
using Feedback.Training;
using Feedback.Training.Checkpoints;
using Feedback.Training.Text;
using Feedback.Training.Text.Training;
using Feedback.Training.Tokenizers;
using TorchSharp;

namespace Feedback.Jobs.Commands;

/// <summary>
/// <c>pretrain-text</c> trains a new model with the byte tokenizer on every token of the built-in corpus;
/// <c>sft-text</c> fine-tunes a checkpoint on the corpus's answers only. Both are seeded, show a progress bar, keep a
/// resume point in <c>--run-dir</c> (run the same command again to carry on) and write a servable checkpoint
/// folder (safetensors, config.json, tokenizer, model.onnx, checkpoint.sha256).
/// </summary>
internal static class TextTrainingCommands
{
    private static readonly Option<string> Out = new("--out") { Description = "Checkpoint folder to write.", Required = true };
    private static readonly Option<string?> RunDir = new("--run-dir") { Description = "Folder for the resume point (default: <out>.run)." };
    private static readonly Option<int> Steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 3000 }.AtLeast(1);
    private static readonly Option<int> BatchSize = new Option<int>("--batch-size") { Description = "Sequences per step.", DefaultValueFactory = _ => 32 }.AtLeast(1);
    private static readonly Option<double> LearningRate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 3e-3 }.Positive();
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for weights, data and batches.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Examples = new Option<int>("--examples") { Description = "Corpus examples to draw.", DefaultValueFactory = _ => 50_000 }.AtLeast(1);
    private static readonly Option<string> Device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" }.DeviceName();
    private static readonly Option<int> Hidden = new Option<int>("--hidden") { Description = "Model width (pretrain-text).", DefaultValueFactory = _ => 192 }.AtLeast(1);
    private static readonly Option<int> Layers = new Option<int>("--layers") { Description = "Decoder layers (pretrain-text).", DefaultValueFactory = _ => 4 }.AtLeast(1);
    private static readonly Option<int> Heads = new Option<int>("--heads") { Description = "Attention heads (pretrain-text).", DefaultValueFactory = _ => 4 }.AtLeast(1);
    private static readonly Option<string> From = new Option<string>("--from") { Description = "Checkpoint folder to fine-tune.", Required = true }.CheckpointFolder();

    private const int MaxLength = 256;
    private const int HeldOutExamples = 512;

    public static Command Pretrain()
    {
        var command = new Command("pretrain-text", "Train a new text model on the built-in corpus (every token), then write its checkpoint.")
        {
            Out, RunDir, Steps, BatchSize, LearningRate, Seed, Examples, Device, Hidden, Layers, Heads,
        };
        command.SetAction(parse =>
        {
            var hidden = parse.GetValue(Hidden);
            var config = new LlamaConfig
            {
                HiddenSize = hidden,
                IntermediateSize = ((hidden * 8 / 3) + 63) / 64 * 64,
                NumHiddenLayers = parse.GetValue(Layers),
                NumAttentionHeads = parse.GetValue(Heads),
                MaxPositionEmbeddings = MaxLength,
            };
            config.Validate();
            var device = CommandDevice.Resolve(parse.GetValue(Device));
            var seed = parse.GetValue(Seed);
            torch.manual_seed(seed);
            using var model = new LlamaModel(config, new torch.Generator((ulong)seed)).to(device);
            return Train(parse, model, new ByteTokenizer(), answersOnly: false, "pretrain-text");
        });
        return command;
    }

    public static Command Finetune()
    {
        var command = new Command("sft-text", "Fine-tune a text checkpoint on the built-in corpus's answers, then write the new checkpoint.")
        {
            From, Out, RunDir, Steps, BatchSize, LearningRate, Seed, Examples, Device,
        };
        command.SetAction(parse =>
        {
            var device = CommandDevice.Resolve(parse.GetValue(Device));
            torch.manual_seed(parse.GetValue(Seed));
            using var checkpoint = TextCheckpoint.Load(parse.GetValue(From)!, device);
            return Train(parse, checkpoint.Model, checkpoint.Tokenizer, answersOnly: true, "sft-text");
        });
        return command;
    }

    private static int Train(ParseResult parse, LlamaModel model, ITextTokenizer tokenizer, bool answersOnly, string name)
    {
        var output = Path.GetFullPath(parse.GetValue(Out)!);
        var runDirectory = parse.GetValue(RunDir) is { Length: > 0 } given ? Path.GetFullPath(given) : output + ".run";
        var seed = parse.GetValue(Seed);
        var options = new TextTrainingOptions
        {
            AnswersOnly = answersOnly,
            Steps = parse.GetValue(Steps),
            BatchSize = parse.GetValue(BatchSize),
            LearningRate = parse.GetValue(LearningRate),
            WarmupSteps = Math.Min(200, parse.GetValue(Steps) / 10 + 1),
            Seed = seed,
        };

        // Held-out prompts come from another seed: the model never trains on them.
        var train = CorpusExamples.Generate(tokenizer, parse.GetValue(Examples), seed, MaxLength).ToList();
        var heldOut = CorpusExamples.Generate(tokenizer, HeldOutExamples, seed + 7919, MaxLength).ToList();
        Console.WriteLine($"{name}: {model.ParameterCount:N0} parameters, {train.Count:N0} training and {heldOut.Count:N0} held-out examples, " +
                          $"{options.Steps} steps of {options.BatchSize}; resume point in {runDirectory}");

        var report = new TextTrainer(options).Run(model, train, heldOut, tokenizer.PadId, runDirectory, new ConsoleProgressBar());
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Held-out loss {report.InitialHeldOutLoss:F3} -> {report.FinalHeldOutLoss:F3}; {report.NonFiniteSteps} steps skipped."));

        model.eval();
        TextCheckpointExport.Write(output, model, tokenizer, new Dictionary<string, string>
        {
            ["feedback.command"] = $"{name} --steps {options.Steps} --batch-size {options.BatchSize} --lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)} --seed {seed} --examples {parse.GetValue(Examples)}",
            ["feedback.held_out_loss"] = report.FinalHeldOutLoss.ToString("F4", CultureInfo.InvariantCulture),
        });
        Console.WriteLine($"Wrote {output}");
        return 0;
    }
}
