using Feedback.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Auth;

/// <summary>Identity's sign-in manager, refusing disabled accounts.</summary>
public sealed class FeedbackSignInManager(
    UserManager<FeedbackUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<FeedbackUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<FeedbackUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<FeedbackUser> confirmation)
    : SignInManager<FeedbackUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(FeedbackUser user) => !user.IsDisabled && await base.CanSignInAsync(user);
}
