using System.CommandLine;
using Feedback.Jobs.Commands;
using Feedback.Training.Checkpoints;

namespace Feedback.Jobs;

/// <summary>
/// The <c>feedback</c> command: the worker host for machines other than the web one, and the admin tool.
/// Configuration comes from environment variables (<c>ConnectionStrings__Feedback</c>, <c>Feedback__DataDirectory</c>, ...)
/// or from the global options.
/// </summary>
public static class FeedbackCli
{
    public static async Task<int> Main(string[] args)
    {
        var parse = BuildRootCommand().Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"{parse.CommandResult.Command.Name} was cancelled before it finished.");
            return 1;
        }
        catch (Exception e) when (IsAboutTheInput(e))
        {
            // What the user gave is wrong: the message says what, and a stack trace would only hide it.
            await Console.Error.WriteLineAsync($"{parse.CommandResult.Command.Name}: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"{parse.CommandResult.Command.Name} failed: {e}");
            return 1;
        }
    }

    /// <summary>Refusals of what the command was given: its own checks, and a checkpoint or file that does not read as one.</summary>
    private static bool IsAboutTheInput(Exception e) => e is CommandInputException or CheckpointCorruptException or InvalidDataException or System.Text.Json.JsonException;

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("Feedback: the human-feedback platform's worker and command-line tool.");
        root.Options.Add(CommonOptions.ConnectionString);
        root.Options.Add(CommonOptions.DataDirectory);
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(TextTrainingCommands.Pretrain());
        root.Subcommands.Add(TextTrainingCommands.Finetune());
        root.Subcommands.Add(ImageTrainingCommands.PretrainVae());
        root.Subcommands.Add(ImageTrainingCommands.PretrainDiffusion());
        root.Subcommands.Add(ImageTrainingCommands.PretrainAdherence());
        root.Subcommands.Add(SampleTextCommand.Create());
        root.Subcommands.Add(LoopBenchCommand.Create());
        root.Subcommands.Add(AgreementCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        return root;
    }
}
