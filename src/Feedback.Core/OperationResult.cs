namespace Feedback.Core;

/// <summary>The outcome of a change made on a user's behalf: success, or the reasons it was refused.</summary>
public sealed record OperationResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static OperationResult Success { get; } = new(true, []);

    public static OperationResult Failed(params string[] errors) => new(false, errors);

    public static OperationResult From(Microsoft.AspNetCore.Identity.IdentityResult result) =>
        result.Succeeded ? Success : new(false, result.Errors.Select(e => e.Description).ToList());
}
