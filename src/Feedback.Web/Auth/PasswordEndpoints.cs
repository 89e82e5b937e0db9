using Feedback.Core.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Feedback.Web.Auth;

/// <summary>
/// A logged-in user changes their own password with a form post to /auth/password. It is a plain HTTP request, not a
/// circuit call, because a new password changes the security stamp and the sign-in cookie must be issued again.
/// </summary>
public static class PasswordEndpoints
{
    public const string PagePath = "/account/password";

    public static IEndpointRouteBuilder MapPasswordEndpoints(this IEndpointRouteBuilder app)
    {
        // Guessing the current password here is rate-limited like guessing it at the login, and counts towards its lockout.
        app.MapPost("/auth/password", ChangeAsync)
            .RequireAuthorization(Policies.Annotator).RequireRateLimiting(AuthHosting.LoginRateLimit).DisableAntiforgery();

        // A post whose session had expired comes back here as a GET after the login: the form is where to go.
        app.MapGet("/auth/password", () => Results.LocalRedirect(PagePath)).RequireAuthorization(Policies.Annotator);
        return app;
    }

    private static async Task<IResult> ChangeAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        UserManager<FeedbackUser> users,
        SignInManager<FeedbackUser> signIn,
        ILogger<SignInManager<FeedbackUser>> logger)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return AccountEndpoints.InvalidForm();
        }

        if (await users.GetUserAsync(http.User) is not { IsDisabled: false } user)
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }

        var form = await http.Request.ReadFormAsync();
        var current = form["currentPassword"].ToString();
        var next = form["newPassword"].ToString();
        if (current.Length == 0 || next.Length == 0)
        {
            return Back("missing");
        }

        if (next != form["confirmPassword"].ToString())
        {
            return Back("mismatch");
        }

        if (next == current)
        {
            return Back("unchanged");
        }

        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            logger.LogWarning("Password change refused for {UserName}: {Reasons}", user.UserName, string.Join(", ", result.Errors.Select(e => e.Code)));
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    await signIn.SignOutAsync();
                    return Results.LocalRedirect("/account/login?error=locked");
                }

                return Back("wrong");
            }

            return Back(result.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "weak" : "failed");
        }

        // The new security stamp would end this session at its next check; a fresh cookie carries it instead.
        await signIn.RefreshSignInAsync(user);
        return Results.LocalRedirect($"{PagePath}?changed=true");
    }

    private static IResult Back(string error) => Results.LocalRedirect($"{PagePath}?error={error}");
}
