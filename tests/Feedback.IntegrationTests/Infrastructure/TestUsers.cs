using Feedback.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Infrastructure;

public static class TestUsers
{
    public const string Password = "Rater-Passw0rd";

    /// <summary>Creates an account through the same service the admin page uses, and returns its id.</summary>
    public static async Task<string> CreateAsync(FeedbackAppFactory app, string userName, params string[] roles)
    {
        var administration = app.Services.GetRequiredService<UserAdministration>();
        var result = await administration.CreateAsync(userName, Password, roles);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        var users = await administration.ListAsync();
        return users.Single(u => u.UserName == userName).Id;
    }
}
