namespace Feedback.Core.Accounts;

public sealed record UserSummary(
    string Id,
    string UserName,
    string? Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    bool IsDisabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt);
