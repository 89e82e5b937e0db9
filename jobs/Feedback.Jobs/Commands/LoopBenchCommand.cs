using System.CommandLine;
using System.Globalization;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Hosting;
using Feedback.Jobs.Simulation;
using Feedback.Jobs.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Commands;

/// <summary>
/// <c>loop-bench</c> runs rounds of the whole text or image loop with simulated raters on a database of its own (a private
/// cluster in a temporary data directory unless one is given) and prints, per round, the reward model's held-out
/// accuracy beside the ceiling noisy labels allow and the noise-free oracle's verdict on the new policy against the base.
/// </summary>
internal static class LoopBenchCommand
{
    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { DefaultValueFactory = _ => 1 }.AtLeast(1);
        var votes = new Option<int>("--votes") { Description = "Simulated votes per round that the trainers learn from.", DefaultValueFactory = _ => 1000 }.AtLeast(1);
        var heldOutVotes = new Option<int>("--held-out-votes")
        {
            Description = "Further votes per round, on prompts of their own, that only measure the reward model.", DefaultValueFactory = _ => 500,
        }.AtLeast(0);
        var noise = new Option<double>("--noise") { Description = "Share of decisions the simulated raters flip.", DefaultValueFactory = _ => 0.2 }.Share();
        var raters = new Option<int>("--raters") { DefaultValueFactory = _ => 5 }.AtLeast(1);
        var modality = new Option<string>("--modality") { Description = "text or image.", DefaultValueFactory = _ => "text" };
        modality.AcceptOnlyFromAmong("text", "image");
        var method = new Option<string?>("--method") { Description = "Text: dpo (default) or rloo. Image: diffusion-dpo (default) or ddpo." };
        var grids = new Option<string>("--grid-folder") { Description = "Image loops: where each round's grid of base and new images is saved.", DefaultValueFactory = _ => "." };
        var evaluation = new Option<int>("--eval-answers") { Description = "Answers per policy in the oracle's comparison.", DefaultValueFactory = _ => 400 }.AtLeast(1);
        var rewardJson = new Option<string>("--reward-hyperparameters") { Description = "JSON over the reward model's defaults.", DefaultValueFactory = _ => "{}" };
        var policyJson = new Option<string>("--policy-hyperparameters") { Description = "JSON over the policy trainer's defaults.", DefaultValueFactory = _ => "{}" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };

        var command = new Command("loop-bench", "Run rounds of generate, simulated votes, reward model, policy training (DPO or RLOO; Diffusion-DPO or DDPO) and gate, and print what each round achieved.")
        {
            rounds, votes, heldOutVotes, noise, raters, modality, method, grids, evaluation, rewardJson, policyJson, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var isImage = parse.GetValue(modality) == "image";
            var options = new LoopBenchOptions
            {
                Rounds = parse.GetValue(rounds),
                VotesPerRound = parse.GetValue(votes),
                HeldOutVotes = parse.GetValue(heldOutVotes),
                Noise = parse.GetValue(noise),
                Raters = parse.GetValue(raters),
                Method = (parse.GetValue(method)?.Trim().ToLowerInvariant(), isImage) switch
                {
                    (null or "dpo", false) => TrainingRunKind.Dpo,
                    ("rloo", false) => TrainingRunKind.Rloo,
                    (null or "diffusion-dpo", true) => TrainingRunKind.DiffusionDpo,
                    ("ddpo", true) => TrainingRunKind.DiffusionRl,
                    var (other, _) => throw new CommandInputException(
                        $"--method is '{other}'; use {(isImage ? "diffusion-dpo or ddpo for images" : "dpo or rloo for text")}."),
                },
                GridFolder = isImage ? parse.GetValue(grids) : null,
                EvaluationAnswers = parse.GetValue(evaluation),
                RewardModelHyperparameters = parse.GetValue(rewardJson)!,
                PolicyHyperparameters = parse.GetValue(policyJson)!,
                Seed = parse.GetValue(seed),
            };
            CheckHyperparameters("--reward-hyperparameters", isImage ? TrainingRunKind.ImageRewardModel : TrainingRunKind.RewardModel, options.RewardModelHyperparameters);
            CheckHyperparameters("--policy-hyperparameters", options.Method, options.PolicyHyperparameters);

            var builder = CommonOptions.CreateHostBuilder(parse);
            var temporary = parse.GetValue(CommonOptions.DataDirectory) is null && parse.GetValue(CommonOptions.ConnectionString) is null
                ? Path.Combine(Path.GetTempPath(), $"feedback-loop-bench-{Guid.NewGuid():N}")
                : null;
            if (temporary is not null)
            {
                builder.Configuration["Feedback:DataDirectory"] = temporary;
            }

            builder.Configuration["Feedback:Jobs:RunServer"] = "false";
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var connectionString = await builder.AddFeedbackDataAsync(ct);
            builder.AddFeedbackJobs(connectionString);
            using var host = builder.Build();
            await host.StartAsync(ct);
            using var stop = HostCancellation.Link(host, ct);
            try
            {
                return await HostCancellation.RunAsync(command.Name, stop, Console.Error, async token =>
                {
                    await DatabaseMigrator.MigrateAsync(host.Services, token);
                    await host.Services.GetRequiredService<BaseCheckpoints>().RegisterAsync(token);
                    void Say(string line) => Console.WriteLine($"  {line}");
                    var results = isImage
                        ? await host.Services.GetRequiredService<ImageLoopBench>().RunAsync(options, Say, token)
                        : await host.Services.GetRequiredService<LoopBench>().RunAsync(options, Say, token);
                    Print(options, results, isImage);
                    return 0;
                });
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
                if (temporary is not null && Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }
        });
        return command;
    }

    private static void CheckHyperparameters(string option, TrainingRunKind kind, string json)
    {
        if (TrainingHyperparameters.Problem(kind, json) is { } problem)
        {
            throw new CommandInputException($"{option}: {problem}");
        }
    }

    private static void Print(LoopBenchOptions options, IReadOnlyList<LoopRoundResult> results, bool isImage)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"{options.Method} loop, {options.VotesPerRound} votes per round (and {options.HeldOutVotes} held out) from {options.Raters} simulated raters with {options.Noise:P0} noise, {Environment.ProcessorCount} cores"));
        Console.WriteLine(isImage
            ? "round  votes  ties  flipped  RM held-out acc  ceiling  oracle win rate vs base (decisive / ties half)  W-L-T          adherence  all met  promoted  minutes"
            : "round  votes  ties  flipped  RM held-out acc  ceiling  oracle win rate vs base (decisive / ties half)  W-L-T          quality  correct  promoted  minutes");
        foreach (var r in results)
        {
            var o = r.AgainstBase;
            Console.WriteLine(Invariant(
                $"{r.Round,5}  {r.Votes.Votes,5}  {r.Votes.Ties,4}  {r.Votes.Flipped,7}  {r.RewardAccuracy,15:P1}  {r.NoiseCeiling,7:P0}  {o.WinRate,22:P1} / {o.WinRateWithTies,-22:P1}  {$"{o.Wins}-{o.Losses}-{o.Ties}",-13}  {o.MeanScore:F2}/{o.OtherMeanScore:F2}  {o.Correct:P0}/{o.OtherCorrect:P0}  {(r.Promoted ? "yes" : "no"),8}  {r.Total.TotalMinutes,7:F1}"));
            Console.WriteLine(Invariant(
                $"       time: generation {r.Generation.TotalSeconds:F0} s, voting {r.Voting.TotalSeconds:F0} s, reward model {r.RewardTraining.TotalSeconds:F0} s, policy + gate {r.PolicyTraining.TotalSeconds:F0} s"));
            Console.WriteLine($"       gate: {r.GateVerdict}");
            if (r.RewardBreakdown is { } breakdown)
            {
                PrintGroups("by prompt family", breakdown.ByFamily);
                PrintGroups("by the quality axis the oracle decides on", breakdown.ByAxis);
            }
        }
    }

    private static void PrintGroups(string grouping, IReadOnlyList<GroupAccuracy> groups)
    {
        Console.WriteLine($"       reward model on held-out pairs {grouping}: pairs, agrees with the votes, with the noise-free oracle (pairs it decides)");
        foreach (var g in groups)
        {
            Console.WriteLine(Invariant($"         {g.Group,-27} {g.Pairs,5}  {g.WithVotes,7:P1}  {g.WithOracle,7:P1} ({g.OracleDecided})"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
