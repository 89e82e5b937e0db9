using System.Security.Claims;
using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Api;

/// <summary>The JSON API under /api. Every route names its policy.</summary>
public static class FeedbackApi
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new
        {
            userName = user.Identity?.Name,
            roles = Roles.All.Where(user.IsInRole).ToArray(),
        })).RequireAuthorization(Policies.Annotator);

        api.MapGet("/projects", async (IDbContextFactory<FeedbackDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var projects = await db.Projects.AsNoTracking()
                .Where(p => !p.IsArchived)
                .OrderBy(p => p.Name)
                .Select(p => new
                {
                    p.Id,
                    p.Name,
                    modality = p.Modality.ToString(),
                    votesPerComparison = p.VotesPerComparison,
                    comparisons = p.Comparisons.Count,
                })
                .ToListAsync(ct);
            return Results.Ok(projects);
        }).RequireAuthorization(Policies.Researcher);

        api.MapGet("/admin/users", async (UserAdministration users, CancellationToken ct) => Results.Ok(await users.ListAsync(ct)))
            .RequireAuthorization(Policies.Admin);

        return app;
    }
}
