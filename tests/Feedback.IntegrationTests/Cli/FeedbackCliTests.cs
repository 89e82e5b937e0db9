using Feedback.Sampling.Text;
using Feedback.Training.Checkpoints;
using Feedback.Training.Text;
using Feedback.Training.Tokenizers;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.Jobs;
using Npgsql;

namespace Feedback.IntegrationTests.Cli;

public sealed class FeedbackCliTests
{
    [Fact]
    public async Task Help_lists_the_commands()
    {
        var (exitCode, output) = await RunAsync("--help");

        exitCode.ShouldBe(0);
        output.ShouldContain("migrate");
        output.ShouldContain("worker");
        output.ShouldContain("--connection-string");
    }

    [Fact]
    public async Task Migrate_creates_the_schema_and_a_second_run_finds_it_up_to_date()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("cli");

        var (firstExit, firstOutput) = await RunAsync("migrate", "--connection-string", connectionString);
        var (secondExit, secondOutput) = await RunAsync("migrate", "--connection-string", connectionString);

        firstExit.ShouldBe(0);
        firstOutput.ShouldContain("Applied");
        secondExit.ShouldBe(0);
        secondOutput.ShouldContain("up to date");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'votes'", connection);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Theory]
    [InlineData("--votes must be at least 1.", "loop-bench", "--votes", "0")]
    [InlineData("--noise must be between 0 and 1.", "loop-bench", "--noise", "1.5")]
    [InlineData("loop-bench: --method is 'ppo'; use dpo or rloo for text.", "loop-bench", "--method", "ppo")]
    [InlineData("--lr must be a positive number.", "pretrain-text", "--out", "unused", "--lr", "-1")]
    [InlineData("--device is 'gpu'; use cpu, cuda or cuda:N.", "pretrain-vae", "--out", "unused", "--device", "gpu")]
    [InlineData("--from: the folder /nonexistent/checkpoint does not exist.", "sft-text", "--from", "/nonexistent/checkpoint", "--out", "unused")]
    [InlineData("--checkpoint: / is not a checkpoint folder (it has no checkpoint.sha256).", "sample-text", "--checkpoint", "/")]
    [InlineData("loop-bench: --policy-hyperparameters: This kind of run has no hyperparameter \"lr\". It takes ", "loop-bench", "--policy-hyperparameters", "{\"lr\": 0.1}")]
    [InlineData("File does not exist: '/nonexistent/votes.jsonl'.", "import", "--project", "1", "--format", "jsonl", "--input", "/nonexistent/votes.jsonl")]
    public async Task A_bad_value_is_refused_in_one_line_before_any_work_starts(string message, params string[] args)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"feedback-cli-refused-{Guid.NewGuid():N}");

        var (exitCode, output, error) = await CliRunner.RunAsync([.. args, "--data-dir", dataDirectory]);

        exitCode.ShouldBe(1);
        error.Trim().ShouldStartWith(message);
        error.Trim().ShouldNotContain('\n');
        output.ShouldNotContain("round 1");
        Directory.Exists(dataDirectory).ShouldBeFalse("no database was set up");
    }

    [Fact]
    public async Task An_unknown_queue_is_refused_with_the_list_of_queues()
    {
        var (exitCode, output) = await RunAsync("worker", "--queues", "gpu", "--connection-string", "Host=/nowhere;Database=none");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("training, sampling, default");
    }

    [Fact]
    public async Task Pretrain_then_fine_tune_write_checkpoints_that_load_verified_and_sample_through_onnx_runtime()
    {
        var folder = Directory.CreateTempSubdirectory("feedback-text-model-").FullName;
        try
        {
            var pretrained = Path.Combine(folder, "pretrained");
            var tuned = Path.Combine(folder, "tuned");
            var tiny = new[] { "--steps", "3", "--batch-size", "4", "--examples", "200", "--seed", "3" };

            var (pretrainExit, pretrainOutput) = await RunAsync(["pretrain-text", "--out", pretrained, "--hidden", "32", "--layers", "1", "--heads", "2", .. tiny]);
            var (tuneExit, tuneOutput) = await RunAsync(["sft-text", "--from", pretrained, "--out", tuned, .. tiny]);

            pretrainExit.ShouldBe(0, pretrainOutput);
            pretrainOutput.ShouldContain("Held-out loss");
            tuneExit.ShouldBe(0, tuneOutput);
            using (var checkpoint = TextCheckpoint.Load(tuned))
            {
                checkpoint.Verified.ShouldBeTrue();
                checkpoint.Config.HiddenSize.ShouldBe(32);
            }

            using var sessions = new TextSessionCache();
            sessions.Swap("tuned", Path.Combine(tuned, TextCheckpoint.OnnxFile));
            using var sampler = sessions.AcquireServing();
            var tokenizer = new ByteTokenizer();
            var prompt = new List<int> { tokenizer.BosId };
            prompt.AddRange(tokenizer.Encode(ChatTemplate.Prompt([], "What is 2 + 2?")));
            var generated = sampler.Generate([prompt], new GenerationSettings { MaxNewTokens = 8, Seed = 1, EosTokenId = tokenizer.EosId, PadTokenId = tokenizer.PadId }, CancellationToken.None);
            generated.Single().TokenIds.Count.ShouldBeInRange(1, 8);

            var (sampleExit, sampleOutput) = await RunAsync("sample-text", "--checkpoint", tuned, "--prompts", "2", "--max-new-tokens", "8");
            sampleExit.ShouldBe(0, sampleOutput);
            sampleOutput.ShouldContain("4 answers to 2 prompts");
            sampleOutput.ShouldContain("best known answer");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        var originalError = Console.Error;
        var writer = new StringWriter();
        Console.SetOut(writer);
        Console.SetError(writer);
        try
        {
            var exitCode = await FeedbackCli.Main(args);
            return (exitCode, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
