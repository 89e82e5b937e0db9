using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Projects;

/// <summary>
/// A project's prompts and comparisons as researchers see and edit them by hand: adding an item, marking gold pairs,
/// listing what is there. Callers check that the user may manage the project.
/// </summary>
public sealed class ProjectContent(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock, MediaStore media)
{
    public const string ManualSource = "manual";
    public const int PromptPreviewLength = 200;
    public const int CandidatePreviewLength = 120;
    public const int MaxPageSize = 200;

    /// <summary>Adds one prompt, its candidates and a comparison over them; returns the comparison's id, or every reason it was refused.</summary>
    public async Task<(long? ComparisonId, OperationResult Result)> AddItemAsync(long projectId, NewItem item, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (target, refusal) = await ContentTarget.FindAsync(db, projectId, ct);
        if (target is null)
        {
            return (null, OperationResult.Failed(refusal!));
        }

        var problems = ItemRules.Problems(item, target.Modality);
        if (problems.Count > 0)
        {
            return (null, new OperationResult(false, problems));
        }

        var images = await ItemRows.StoreImagesAsync(media, item, ct);
        var comparison = ItemRows.Create(projectId, target.Modality, item, images, ManualSource, clock.GetUtcNow());
        db.Comparisons.Add(comparison);
        await db.SaveChangesAsync(ct);
        return (comparison.Id, OperationResult.Success);
    }

    /// <summary>Adds prompts without candidates, for models to answer; nothing is added when any of them is refused.</summary>
    public async Task<OperationResult> AddPromptsAsync(long projectId, IReadOnlyList<NewPrompt> prompts, string source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (target, refusal) = await ContentTarget.FindAsync(db, projectId, ct);
        if (target is null)
        {
            return OperationResult.Failed(refusal!);
        }

        var problems = prompts
            .Select((prompt, i) => (i, Problem: string.IsNullOrWhiteSpace(prompt.Text) ? "is empty"
                : prompt.Text.Length > ItemRules.MaxPromptLength ? $"is longer than {ItemRules.MaxPromptLength:N0} characters" : null))
            .Where(p => p.Problem is not null)
            .Select(p => $"Prompt {p.i + 1} {p.Problem}.")
            .ToList();
        if (problems.Count > 0)
        {
            return new OperationResult(false, problems);
        }

        var now = clock.GetUtcNow();
        db.Prompts.AddRange(prompts.Select(p => new Prompt
        {
            ProjectId = projectId,
            Text = p.Text,
            EarlierTurns = p.EarlierTurns.ToList(),
            IsHeldOut = p.IsHeldOut,
            Source = source,
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        return OperationResult.Success;
    }

    /// <summary>
    /// Makes a pair gold: raters' answers to it are checked against <paramref name="preferredCandidateId"/>, or against a
    /// tie when that is null. Rankings cannot be gold.
    /// </summary>
    public async Task<OperationResult> MarkGoldAsync(long comparisonId, long? preferredCandidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comparison = await db.Comparisons.Include(c => c.Candidates).SingleOrDefaultAsync(c => c.Id == comparisonId, ct);
        if (comparison is null)
        {
            return OperationResult.Failed($"Comparison {comparisonId} does not exist.");
        }

        if (comparison.IsRanking)
        {
            return OperationResult.Failed($"Comparison {comparisonId} ranks {comparison.Candidates.Count} candidates; only pairs can be gold.");
        }

        if (preferredCandidateId is { } preferred && comparison.Candidates.All(cc => cc.CandidateId != preferred))
        {
            return OperationResult.Failed($"Candidate {preferred} is not one of comparison {comparisonId}'s candidates.");
        }

        comparison.IsGold = true;
        comparison.GoldPreferredCandidateId = preferredCandidateId;
        await db.SaveChangesAsync(ct);
        return OperationResult.Success;
    }

    /// <summary>Makes a gold pair an ordinary one again.</summary>
    public async Task<OperationResult> UnmarkGoldAsync(long comparisonId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.Comparisons
            .Where(c => c.Id == comparisonId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.IsGold, false).SetProperty(c => c.GoldPreferredCandidateId, (long?)null), ct);
        return changed == 0 ? OperationResult.Failed($"Comparison {comparisonId} does not exist.") : OperationResult.Success;
    }

    /// <summary>The project's comparisons, newest first; <paramref name="take"/> is capped at <see cref="MaxPageSize"/>.</summary>
    public async Task<ComparisonPage> ListComparisonsAsync(long projectId, int skip, int take, CancellationToken ct = default)
    {
        skip = Math.Max(skip, 0);
        take = Math.Clamp(take, 0, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comparisons = db.Comparisons.AsNoTracking().Where(c => c.ProjectId == projectId);
        var total = await comparisons.CountAsync(ct);
        var rows = await comparisons
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip(skip).Take(take)
            .Select(c => new ComparisonRow(
                c.Id,
                c.Prompt!.Text.Substring(0, PromptPreviewLength),
                c.Candidates.OrderBy(cc => cc.Position)
                    .Select(cc => new CandidatePreview(
                        cc.CandidateId,
                        cc.Candidate!.Text == null ? null : cc.Candidate.Text.Substring(0, CandidatePreviewLength),
                        cc.Candidate.ImagePath))
                    .ToList(),
                db.Votes.Count(v => v.ComparisonId == c.Id),
                c.IsGold,
                c.GoldPreferredCandidateId,
                c.IsRetired,
                c.CreatedAt))
            .ToListAsync(ct);
        return new ComparisonPage(rows, total);
    }

    /// <summary>The project's name, or null when there is no such project; for pages that need no figures.</summary>
    public async Task<string?> ProjectNameAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Name).SingleOrDefaultAsync(ct);
    }

    /// <summary>The project's settings and counts; null when it does not exist.</summary>
    public async Task<ProjectSummary?> ProjectSummaryAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Projects.AsNoTracking()
            .Where(p => p.Id == projectId)
            .Select(p => new ProjectSummary(
                p.Id,
                p.Name,
                p.Modality,
                p.GuidelinesMarkdown,
                p.VotesPerComparison,
                p.GoldRate,
                p.AssignmentPolicy,
                p.IsArchived,
                db.Prompts.Count(q => q.ProjectId == p.Id),
                db.Comparisons.Count(c => c.ProjectId == p.Id),
                db.Votes.Count(v => v.Comparison!.ProjectId == p.Id),
                db.Comparisons.Count(c => c.ProjectId == p.Id && c.IsGold),
                p.Sampling,
                p.Gate))
            .SingleOrDefaultAsync(ct);
    }
}
