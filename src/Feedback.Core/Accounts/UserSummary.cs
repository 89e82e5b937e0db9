namespace Feedback.Core.Accounts;

/// <param name="LockedUntil">
/// When a lockout after failed logins ends; null when the account is not locked. <see cref="DateTimeOffset.MaxValue"/>
/// marks an account nobody may log in as (one that holds imported labels).
/// </param>
public sealed record UserSummary(
    string Id,
    string UserName,
    string? Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    bool IsDisabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? LockedUntil = null)
{
    public bool CannotLogIn => LockedUntil == DateTimeOffset.MaxValue;

    public bool IsLockedOut => LockedUntil is not null && !CannotLogIn;
}
