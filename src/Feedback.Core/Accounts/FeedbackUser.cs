using Microsoft.AspNetCore.Identity;

namespace Feedback.Core.Accounts;

public sealed class FeedbackUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>A disabled account cannot log in, and its open sessions end at their next revalidation.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
}
