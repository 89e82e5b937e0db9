using Feedback.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;

namespace Feedback.Web.Auth;

/// <summary>Login and logout as plain form posts to /auth (with antiforgery), since signing in sets a cookie on an HTTP response.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Antiforgery is checked in the handlers, so a missing token is a plain 400 rather than an exception.
        app.MapPost("/auth/login", LoginAsync).AllowAnonymous().RequireRateLimiting(AuthHosting.LoginRateLimit).DisableAntiforgery();
        app.MapPost("/auth/logout", LogoutAsync).RequireAuthorization().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        SignInManager<FeedbackUser> signIn,
        UserManager<FeedbackUser> users,
        TimeProvider clock,
        ILogger<SignInManager<FeedbackUser>> logger)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return InvalidForm();
        }

        var form = await http.Request.ReadFormAsync();
        var userName = form["userName"].ToString();
        var password = form["password"].ToString();
        var rememberMe = form["rememberMe"] == "true";
        var target = SafeReturnUrl(form["returnUrl"]);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return BackToLogin("missing", target);
        }

        var result = await signIn.PasswordSignInAsync(userName.Trim(), password, rememberMe, lockoutOnFailure: true);
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

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<FeedbackUser> signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return InvalidForm();
        }

        await signIn.SignOutAsync();
        return Results.LocalRedirect("/account/login?loggedOut=true");
    }

    internal static IResult InvalidForm() =>
        Results.Text("The form has expired or did not come from this site. Go back, reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);

    private static IResult BackToLogin(string error, string returnUrl) =>
        Results.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>Only local paths: an absolute or protocol-relative URL would make the login page an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
