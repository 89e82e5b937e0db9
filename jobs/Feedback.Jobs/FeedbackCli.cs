using System.CommandLine;
using Feedback.Jobs.Commands;

namespace Feedback.Jobs;

/// <summary>
/// The <c>feedback</c> command: the worker host for machines other than the web one, and the admin tool.
/// Configuration comes from environment variables (<c>ConnectionStrings__Feedback</c>, <c>Feedback__DataDirectory</c>, ...)
/// or from the global options.
/// </summary>
public static class FeedbackCli
{
    public static Task<int> Main(string[] args) => BuildRootCommand().Parse(args).InvokeAsync();

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
