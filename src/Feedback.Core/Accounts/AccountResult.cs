namespace Feedback.Core.Accounts;

/// <summary>The outcome of an account change: success, or the reasons it was refused.</summary>
public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static AccountResult Success { get; } = new(true, []);

    public static AccountResult Failed(params string[] errors) => new(false, errors);

    public static AccountResult From(Microsoft.AspNetCore.Identity.IdentityResult result) =>
        result.Succeeded ? Success : new(false, result.Errors.Select(e => e.Description).ToList());
}
