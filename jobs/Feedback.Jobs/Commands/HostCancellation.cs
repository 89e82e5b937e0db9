using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Jobs.Commands;

/// <summary>
/// A started host's console lifetime takes Ctrl+C and SIGTERM for itself: it stops the application rather than letting
/// the command line cancel the command. Commands that work under a started host stop on either signal through this.
/// </summary>
internal static class HostCancellation
{
    /// <summary>The exit code of a command stopped by a signal, as shells report Ctrl+C.</summary>
    public const int StoppedExitCode = 130;

    public static CancellationTokenSource Link(IHost host, CancellationToken ct) =>
        CancellationTokenSource.CreateLinkedTokenSource(ct, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);

    /// <summary>Runs the command's work; stopped by a signal, it says so on <paramref name="error"/> and returns <see cref="StoppedExitCode"/>.</summary>
    public static async Task<int> RunAsync(string commandName, CancellationTokenSource stop, TextWriter error, Func<CancellationToken, Task<int>> work)
    {
        try
        {
            return await work(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{commandName} was stopped before it finished.");
            return StoppedExitCode;
        }
    }
}
