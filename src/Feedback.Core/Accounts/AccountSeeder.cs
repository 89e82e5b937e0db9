using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Core.Accounts;

/// <summary>
/// Makes sure the roles exist and that there is an administrator. The first start creates one, named by
/// <c>Feedback:Admin:UserName</c> (default "admin"), with the password from <c>Feedback:Admin:Password</c>,
/// or a generated one that is printed once.
/// </summary>
public sealed class AccountSeeder(
    IServiceScopeFactory scopes, UserAdministration administration, IConfiguration configuration, ILogger<AccountSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                ThrowIfFailed(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var userName = configuration["Feedback:Admin:UserName"] is { Length: > 0 } name ? name : "admin";
        var configured = configuration["Feedback:Admin:Password"];
        var password = string.IsNullOrEmpty(configured) ? PasswordGenerator.Generate() : configured;
        var result = await administration.CreateAsync(userName, password, [Roles.Admin], displayName: "Administrator");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the first administrator '{userName}': {string.Join(" ", result.Errors)}");
        }

        if (string.IsNullOrEmpty(configured))
        {
            // Printed once: the password is not stored anywhere in clear text.
            Console.WriteLine($"Created the administrator account '{userName}' with the password: {password}");
        }

        logger.LogInformation("Created the administrator account {UserName}", userName);
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
