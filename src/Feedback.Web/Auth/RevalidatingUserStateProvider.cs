using System.Security.Claims;
using Feedback.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Auth;

/// <summary>
/// Re-checks a connected circuit's user every minute, so a disabled account or changed roles end the session
/// without waiting for the next page load.
/// </summary>
internal sealed class RevalidatingUserStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> identityOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        try
        {
            return await IsStillValidAsync(state);
        }
        catch (ObjectDisposedException)
        {
            // The app is stopping and its services are gone; the circuit ends with it.
            return false;
        }
    }

    private async Task<bool> IsStillValidAsync(AuthenticationState state)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
        if (await users.GetUserAsync(state.User) is not { IsDisabled: false } user)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var claimedStamp = state.User.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return claimedStamp == await users.GetSecurityStampAsync(user);
    }
}
