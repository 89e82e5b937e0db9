using System.CommandLine;
using System.Globalization;
using Feedback.Training;
using Feedback.Training.Images;
using Feedback.Training.Images.Adherence;
using Feedback.Training.Images.Training;
using TorchSharp;

namespace Feedback.Jobs.Commands;

/// <summary>
/// <c>pretrain-vae</c> trains the image model's VAE on the built-in scenes and writes a VAE folder;
/// <c>pretrain-diffusion</c> takes that VAE and trains the caption encoder and denoiser, then writes a servable image
/// checkpoint (safetensors, config.json, the three ONNX parts, checkpoint.sha256). Both are seeded, show a progress
/// bar, and keep a resume point in <c>--run-dir</c>: run the same command again to carry on.
/// </summary>
internal static class ImageTrainingCommands
{
    private const int HeldOutImages = 512;

    private static readonly Option<string> Out = new("--out") { Description = "Folder to write.", Required = true };
    private static readonly Option<string?> RunDir = new("--run-dir") { Description = "Folder for the resume point (default: <out>.run)." };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for weights, scenes and batches.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> BatchSize = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => 64 }.AtLeast(1);
    private static readonly Option<string> Device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" }.DeviceName();
    private static readonly Option<string> Vae = new Option<string>("--vae") { Description = "Folder written by pretrain-vae.", Required = true }.ExistingFolder();
    private static readonly Option<double> KlWeight = new Option<double>("--kl-weight") { Description = "Weight of the KL term against reconstruction.", DefaultValueFactory = _ => 1e-4 }.NotNegative();
    private static readonly Option<double> CaptionDropout = new Option<double>("--caption-dropout") { Description = "Share of captions replaced by the empty one.", DefaultValueFactory = _ => 0.1 }.Share();

    public static Command PretrainVae()
    {
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 3000 }.AtLeast(1);
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 1e-3 }.Positive();
        var images = new Option<int>("--images") { Description = "Scenes to draw for training.", DefaultValueFactory = _ => 20_000 }.AtLeast(1);
        var command = new Command("pretrain-vae", "Train the image model's VAE on the built-in scenes, then write its folder.")
        {
            Out, RunDir, steps, BatchSize, learningRate, Seed, images, Device, KlWeight,
        };
        command.SetAction(parse =>
        {
            var (device, seed, output, runDirectory) = Common(parse);
            var options = Options(parse, parse.GetValue(steps), parse.GetValue(learningRate));
            torch.manual_seed(seed);
            using var model = new LatentDiffusionModel(new ImageModelConfig()).to(device);
            using var train = SceneImageSet.Generate(parse.GetValue(images), seed, model.Config.ImageSize);
            using var heldOut = SceneImageSet.Generate(HeldOutImages, seed + 7919, model.Config.ImageSize);
            Console.WriteLine($"pretrain-vae: {model.VaeParameterCount:N0} parameters, {train.Count:N0} training and {heldOut.Count} held-out scenes, " +
                              $"{options.Steps} steps of {options.BatchSize}; resume point in {runDirectory}");
            var report = new VaeTrainer(options, parse.GetValue(KlWeight)).Run(model, train, heldOut, runDirectory, new ConsoleProgressBar());
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Held-out reconstruction error (MSE, pixels in -1..1) {report.InitialHeldOutLoss:F4} -> {report.FinalHeldOutLoss:F4}; latent scale {model.Config.LatentScale:F4}."));
            ImageCheckpoint.SaveVae(output, model, new Dictionary<string, string>
            {
                ["feedback.command"] = Invariant($"pretrain-vae --steps {options.Steps} --batch-size {options.BatchSize} --lr {options.LearningRate} --seed {seed} --images {parse.GetValue(images)} --kl-weight {parse.GetValue(KlWeight)}"),
                ["feedback.reconstruction_mse"] = Invariant($"{report.FinalHeldOutLoss:F5}"),
            });
            Console.WriteLine($"Wrote {output}");
            return 0;
        });
        return command;
    }

    public static Command PretrainDiffusion()
    {
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 8000 }.AtLeast(1);
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 5e-4 }.Positive();
        var images = new Option<int>("--images") { Description = "Scenes to draw for training.", DefaultValueFactory = _ => 40_000 }.AtLeast(1);
        var uNetChannels = new Option<int?>("--unet-channels") { Description = "Channels at the denoiser's 8x8 level (twice as many at 4x4); default: the VAE folder's, 64." };
        var command = new Command("pretrain-diffusion", "Train the caption encoder and denoiser on the built-in scenes through a trained VAE, then write the image checkpoint.")
        {
            Vae, Out, RunDir, steps, BatchSize, learningRate, Seed, images, Device, CaptionDropout, uNetChannels,
        };
        command.SetAction(parse =>
        {
            var (device, seed, output, runDirectory) = Common(parse);
            var options = Options(parse, parse.GetValue(steps), parse.GetValue(learningRate));
            torch.manual_seed(seed);
            using var model = ImageCheckpoint.LoadVae(Path.GetFullPath(parse.GetValue(Vae)!), device, parse.GetValue(uNetChannels));
            using var train = SceneImageSet.Generate(parse.GetValue(images), seed, model.Config.ImageSize);
            using var heldOut = SceneImageSet.Generate(HeldOutImages, seed + 7919, model.Config.ImageSize);
            Console.WriteLine($"pretrain-diffusion: {model.ParameterCount:N0} parameters, {train.Count:N0} training and {heldOut.Count} held-out scenes, " +
                              $"{options.Steps} steps of {options.BatchSize}; resume point in {runDirectory}");
            var report = new DiffusionTrainer(options, parse.GetValue(CaptionDropout)).Run(model, train, heldOut, runDirectory, new ConsoleProgressBar());
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Held-out noise-prediction loss {report.InitialHeldOutLoss:F4} -> {report.FinalHeldOutLoss:F4}; {report.NonFiniteSteps} steps skipped."));
            model.eval();
            ImageCheckpoint.Save(output, model, new Dictionary<string, string>
            {
                ["feedback.command"] = Invariant($"pretrain-diffusion --steps {options.Steps} --batch-size {options.BatchSize} --lr {options.LearningRate} --seed {seed} --images {parse.GetValue(images)} --caption-dropout {parse.GetValue(CaptionDropout)} --unet-channels {model.Config.UNetChannels}"),
                ["feedback.held_out_loss"] = Invariant($"{report.FinalHeldOutLoss:F5}"),
            });
            Console.WriteLine($"Wrote {output}");
            return 0;
        });
        return command;
    }

    public static Command PretrainAdherence()
    {
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 12_000 }.AtLeast(1);
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 1e-3 }.Positive();
        var images = new Option<int>("--images") { Description = "Captioned scenes to draw (each with a near miss).", DefaultValueFactory = _ => 30_000 }.AtLeast(1);
        var vae = new Option<string?>("--vae") { Description = "Image checkpoint whose VAE reconstructs half of each batch." }.ExistingFolder();
        var command = new Command("pretrain-adherence", "Train the classifier that reads shapes, colours, counts and backgrounds back from an image, then write its folder.")
        {
            Out, RunDir, steps, BatchSize, learningRate, Seed, images, Device, vae,
        };
        command.SetAction(parse =>
        {
            var (device, seed, output, runDirectory) = Common(parse);
            var options = Options(parse, parse.GetValue(steps), parse.GetValue(learningRate));
            torch.manual_seed(seed);
            using var classifier = new AdherenceClassifier().to(device);
            Console.WriteLine($"pretrain-adherence: {classifier.parameters().Sum(p => p.numel()):N0} parameters, {2 * parse.GetValue(images):N0} training images, " +
                              $"{options.Steps} steps of {options.BatchSize}; resume point in {runDirectory}");
            using var imageModel = parse.GetValue(vae) is { Length: > 0 } folder ? ImageCheckpoint.Load(Path.GetFullPath(folder), device) : null;
            var report = new AdherenceTrainer(options, imageModel).Run(classifier, parse.GetValue(images), seed, runDirectory, new ConsoleProgressBar());
            var accuracy = AdherenceTrainer.Accuracy(classifier, 1000, seed + 104_729);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Held-out loss {report.InitialHeldOutLoss:F4} -> {report.FinalHeldOutLoss:F4}; new scenes read exactly (every count and the background): {accuracy:P1}."));
            AdherenceCheckpoint.Save(output, classifier, new Dictionary<string, string>
            {
                ["feedback.command"] = Invariant($"pretrain-adherence --steps {options.Steps} --batch-size {options.BatchSize} --lr {options.LearningRate} --seed {seed} --images {parse.GetValue(images)}") + (parse.GetValue(vae) is { Length: > 0 } ? " --vae image-base" : ""),
                ["feedback.accuracy"] = Invariant($"{accuracy:F4}"),
            });
            Console.WriteLine($"Wrote {output}");
            return 0;
        });
        return command;
    }

    private static (torch.Device Device, int Seed, string Output, string RunDirectory) Common(ParseResult parse)
    {
        var output = Path.GetFullPath(parse.GetValue(Out)!);
        var runDirectory = parse.GetValue(RunDir) is { Length: > 0 } given ? Path.GetFullPath(given) : output + ".run";
        return (CommandDevice.Resolve(parse.GetValue(Device)), parse.GetValue(Seed), output, runDirectory);
    }

    private static ImageTrainingOptions Options(ParseResult parse, int steps, double learningRate) => new()
    {
        Steps = steps,
        BatchSize = parse.GetValue(BatchSize),
        LearningRate = learningRate,
        WarmupSteps = Math.Min(200, (steps / 10) + 1),
        Seed = parse.GetValue(Seed),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
