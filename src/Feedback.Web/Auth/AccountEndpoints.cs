using Feedback.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Feedback.Web.Auth;

/// <summary>Login and logout as plain form posts (with antiforgery), since signing in sets a cookie on an HTTP response.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", LoginAsync).AllowAnonymous().RequireRateLimiting(AuthHosting.LoginRateLimit);
        app.MapPost("/account/logout", LogoutAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm(Name = "userName")] string? userName,
        [FromForm(Name = "password")] string? password,
        [FromForm(Name = "rememberMe")] bool? rememberMe,
        [FromForm(Name = "returnUrl")] string? returnUrl,
        SignInManager<FeedbackUser> signIn,
        UserManager<FeedbackUser> users,
        TimeProvider clock,
        ILogger<SignInManager<FeedbackUser>> logger)
    {
        var target = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return BackToLogin("missing", target);
        }

        var result = await signIn.PasswordSignInAsync(userName.Trim(), password, rememberMe == true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            if (await users.FindByNameAsync(userName.Trim()) is { } user)
            {
                user.LastLoginAt = clock.GetUtcNow();
                await users.UpdateAsync(user);
            }

            return Results.LocalRedirect(target);
        }

        logger.LogWarning("Failed login for {UserName}: {Reason}", userName, result);
        return BackToLogin(result.IsLockedOut ? "locked" : result.IsNotAllowed ? "disabled" : "invalid", target);
    }

    private static async Task<IResult> LogoutAsync(SignInManager<FeedbackUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/account/login?loggedOut=true");
    }

    private static IResult BackToLogin(string error, string returnUrl) =>
        Results.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>Only local paths: an absolute or protocol-relative URL would make the login page an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
