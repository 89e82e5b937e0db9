using Feedback.Core.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Feedback.Web.Auth;

/// <summary>
/// The three authorization policies. Roles nest: an Admin may do what a Researcher may, and both may rate.
/// </summary>
public static class Policies
{
    public const string Annotator = "Annotator";
    public const string Researcher = "Researcher";
    public const string Admin = "Admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Annotator, p => p.RequireRole(Roles.Annotator, Roles.Researcher, Roles.Admin));
        options.AddPolicy(Researcher, p => p.RequireRole(Roles.Researcher, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));

        // Anything that forgets to say its policy still needs a logged-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
