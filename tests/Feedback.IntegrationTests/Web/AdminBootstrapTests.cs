using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Web;

public sealed class AdminBootstrapTests
{
    [Fact]
    public async Task The_first_start_creates_an_admin_with_a_generated_password_printed_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("bootstrap");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Feedback"] = connectionString,
            ["Feedback:Admin:Password"] = "",
            ["Feedback:DataDirectory"] = Path.Combine(Path.GetTempPath(), "feedback-tests-data", Guid.NewGuid().ToString("N")),
            ["Feedback:Jobs:RunServer"] = "false",
        };

        var firstOutput = await CaptureConsoleAsync(async () =>
        {
            await using var app = new FeedbackAppFactory(settings);
            _ = app.Server;
        });
        var printed = firstOutput.Split('\n').Single(l => l.Contains("with the password:", StringComparison.Ordinal));
        var password = printed[(printed.LastIndexOf(' ') + 1)..].Trim();

        string secondOutput = "";
        await using (var again = new FeedbackAppFactory(settings))
        {
            secondOutput = await CaptureConsoleAsync(() =>
            {
                _ = again.Server;
                return Task.CompletedTask;
            });
            await LoginClient.LoggedInAsync(again, "admin", password);
            var users = await again.Services.GetRequiredService<UserAdministration>().ListAsync();
            users.ShouldHaveSingleItem().Roles.ShouldBe([Roles.Admin]);
        }

        secondOutput.ShouldNotContain("with the password:");
    }

    private static async Task<string> CaptureConsoleAsync(Func<Task> action)
    {
        var original = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            await action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return writer.ToString();
    }
}
