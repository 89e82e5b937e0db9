using Feedback.Jobs.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.IntegrationTests.Cli;

public sealed class HostCancellationTests
{
    [Fact]
    public async Task Work_under_a_started_host_stops_when_the_host_is_told_to_stop_as_ctrl_c_does_and_says_so()
    {
        using var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] }).Build();
        await host.StartAsync();
        using var stop = HostCancellation.Link(host, CancellationToken.None);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new StringWriter();

        var run = HostCancellation.RunAsync("loop-bench", stop, error, async token =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        });
        await started.Task;
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        (await run.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(HostCancellation.StoppedExitCode);
        error.ToString().ShouldContain("loop-bench was stopped before it finished.");
        await host.StopAsync();
    }

    [Fact]
    public async Task Work_that_finishes_returns_its_own_exit_code()
    {
        using var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] }).Build();
        await host.StartAsync();
        using var stop = HostCancellation.Link(host, CancellationToken.None);

        var exitCode = await HostCancellation.RunAsync("import", stop, TextWriter.Null, _ => Task.FromResult(3));

        exitCode.ShouldBe(3);
        await host.StopAsync();
    }
}
