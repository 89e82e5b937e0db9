using Feedback.Core;
using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Feedback.Jobs.Generation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Jobs.Demo;

/// <summary>
/// Demo accounts (two annotators and a researcher, sharing one password) and two projects to rate at once: the base
/// text model's answers to prompts from the built-in instruction corpus, and the base image model's pictures of
/// captioned scenes. Idempotent:
/// accounts and projects that exist already (by name) are left as they are.
/// </summary>
public sealed class DemoSeeder(
    UserAdministration users,
    ProjectAdministration projects,
    ProjectContent content,
    IDbContextFactory<FeedbackDbContext> dbFactory,
    GenerationScheduler generation,
    TextCandidateGenerator generator,
    ImageCandidateGenerator imageGenerator,
    ILogger<DemoSeeder> logger)
{
    public const string TextProjectName = "Demo: helpful answers";
    public const string ImageProjectName = "Demo: shapes that follow the caption";

    public static readonly IReadOnlyList<(string UserName, string[] Roles)> Accounts =
    [
        ("annotator", [Roles.Annotator]),
        ("annotator2", [Roles.Annotator]),
        ("researcher", [Roles.Researcher, Roles.Annotator]),
    ];

    private const int Seed = 20261123;

    public async Task SeedAsync(string password, CancellationToken ct = default)
    {
        foreach (var (userName, roles) in Accounts)
        {
            await EnsureAccountAsync(userName, password, roles, ct);
        }

        var researcherId = await UserIdAsync("researcher", ct);
        await EnsureTextProjectAsync(researcherId, ct);
        await EnsureImageProjectAsync(researcherId, ct);
    }

    /// <summary>Six gold pairs written from the corpus, then 60 pairs and 10 rankings of 3 answered by the serving text model.</summary>
    private async Task EnsureTextProjectAsync(string researcherId, CancellationToken ct)
    {
        var (gold, prompts) = DemoTextItems.Create(gold: 6, prompts: 70, heldOut: 16, Seed);
        var projectId = await EnsureProjectAsync(
            new NewProject
            {
                Name = TextProjectName,
                Modality = Modality.Text,
                GuidelinesMarkdown = DemoTextItems.Guidelines,
                VotesPerComparison = 3,
                GoldRate = 0.1,
            },
            researcherId,
            () => gold,
            ct);
        if (projectId is not { } id)
        {
            return;
        }

        ThrowIfFailed(await content.AddPromptsAsync(id, prompts, "corpus", ct), TextProjectName);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var project = await db.Projects.SingleAsync(p => p.Id == id, ct);
            project.Sampling.KeepUnratedComparisons = 24;
            await db.SaveChangesAsync(ct);
        }

        foreach (var request in (GenerationRequest[])[new(id, 60), new(id, 10, CandidatesPerComparison: 3)])
        {
            var (batchId, result) = await generation.CreateAsync(request, "demo", ct);
            if (batchId is null)
            {
                logger.LogWarning("The demo text project has prompts but no answers yet: {Reasons}", string.Join(" ", result.Errors));
                return;
            }

            await generator.RunAsync(batchId.Value, ct);
        }
    }

    /// <summary>Four gold pairs drawn from scene descriptions, then 40 pairs drawn by the serving image model.</summary>
    private async Task EnsureImageProjectAsync(string researcherId, CancellationToken ct)
    {
        var projectId = await EnsureProjectAsync(
            new NewProject
            {
                Name = ImageProjectName,
                Modality = Modality.Image,
                GuidelinesMarkdown = DemoImageItems.Guidelines,
                VotesPerComparison = 3,
                GoldRate = 0.1,
            },
            researcherId,
            () => DemoImageItems.Create(pairs: 0, gold: 4, Seed),
            ct);
        if (projectId is not { } id)
        {
            return;
        }

        ThrowIfFailed(await content.AddPromptsAsync(id, DemoImageItems.Captions(48, heldOut: 16, Seed), "scenes", ct), ImageProjectName);
        var (batchId, result) = await generation.CreateAsync(new GenerationRequest(id, 40), "demo", ct);
        if (batchId is null)
        {
            logger.LogWarning("The demo image project has captions but no images yet: {Reasons}", string.Join(" ", result.Errors));
            return;
        }

        await imageGenerator.RunAsync(batchId.Value, ct);
    }

    private async Task EnsureAccountAsync(string userName, string password, string[] roles, CancellationToken ct)
    {
        if (await UserIdOrNullAsync(userName, ct) is not null)
        {
            return;
        }

        var result = await users.CreateAsync(userName, password, roles, displayName: $"Demo {userName}");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the demo account '{userName}': {string.Join(" ", result.Errors)}");
        }

        logger.LogInformation("Created the demo account {UserName} ({Roles})", userName, string.Join(", ", roles));
    }

    /// <returns>The new project's id; null when it existed already.</returns>
    private async Task<long?> EnsureProjectAsync(NewProject project, string createdById, Func<IReadOnlyList<DemoItem>> items, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Projects.AnyAsync(p => p.Name == project.Name, ct))
            {
                return null;
            }
        }

        var (projectId, created) = await projects.CreateAsync(project, createdById, ct);
        ThrowIfFailed(created, project.Name);
        foreach (var (item, goldPosition) in items())
        {
            var (comparisonId, added) = await content.AddItemAsync(projectId!.Value, item, ct);
            ThrowIfFailed(added, project.Name);
            if (goldPosition is { } position)
            {
                ThrowIfFailed(await content.MarkGoldAsync(comparisonId!.Value, await CandidateAtAsync(comparisonId.Value, position, ct), ct), project.Name);
            }
        }

        logger.LogInformation("Created the demo project {Project}", project.Name);
        return projectId;
    }

    private async Task<long> CandidateAtAsync(long comparisonId, int position, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ComparisonCandidates
            .Where(c => c.ComparisonId == comparisonId && c.Position == position)
            .Select(c => c.CandidateId)
            .SingleAsync(ct);
    }

    private async Task<string> UserIdAsync(string userName, CancellationToken ct) =>
        await UserIdOrNullAsync(userName, ct) ?? throw new InvalidOperationException($"The account '{userName}' does not exist.");

    private async Task<string?> UserIdOrNullAsync(string userName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = userName.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
    }

    private static void ThrowIfFailed(OperationResult result, string projectName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed the demo project '{projectName}': {string.Join(" ", result.Errors)}");
        }
    }
}
