using Feedback.Jobs;

namespace Feedback.IntegrationTests.Cli;

/// <summary>Runs the <c>feedback</c> command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    private static readonly SemaphoreSlim Console1 = new(1, 1);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        await Console1.WaitAsync();
        var (original, originalError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = await FeedbackCli.Main(args);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
            Console1.Release();
        }
    }
}
