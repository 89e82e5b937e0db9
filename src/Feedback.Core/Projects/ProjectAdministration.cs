using Feedback.Core.Data;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Projects;

public sealed class ProjectAdministration(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Creates the project and returns its id, or the reasons it was refused.</summary>
    public async Task<(long? ProjectId, OperationResult Result)> CreateAsync(NewProject project, string createdById, CancellationToken ct = default)
    {
        var problems = project.Problems();
        if (problems.Count > 0)
        {
            return (null, new OperationResult(false, problems));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = project.Name.Trim();
        if (await OpenProjectNamedAsync(db, name, exceptId: null, ct))
        {
            return (null, OperationResult.Failed($"A project named '{name}' already exists."));
        }

        var entity = new Project
        {
            Name = name,
            Modality = project.Modality,
            GuidelinesMarkdown = project.GuidelinesMarkdown,
            VotesPerComparison = project.VotesPerComparison,
            GoldRate = project.GoldRate,
            AssignmentPolicy = project.AssignmentPolicy,
            CreatedById = createdById,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Projects.Add(entity);
        await db.SaveChangesAsync(ct);
        return (entity.Id, OperationResult.Success);
    }

    /// <summary>Renames the project or changes how its items are handed out; refused with every reason, or when another open project has the name.</summary>
    public Task<OperationResult> UpdateSettingsAsync(long projectId, ProjectSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var name = settings.Name?.Trim() ?? "";
        return UpdateAsync(projectId, settings.Problems(), project =>
        {
            project.Name = name;
            project.VotesPerComparison = settings.VotesPerComparison;
            project.GoldRate = settings.GoldRate;
            project.AssignmentPolicy = settings.AssignmentPolicy;
        }, ct, refuse: async (db, _) => await OpenProjectNamedAsync(db, name, projectId, ct) ? $"A project named '{name}' already exists." : null);
    }

    /// <summary>
    /// Archives the project (hidden from raters and the project list, taking no new items or generation, its votes and
    /// checkpoints kept) or restores it; restoring is refused while an open project has its name.
    /// </summary>
    public Task<OperationResult> SetArchivedAsync(long projectId, bool archived, CancellationToken ct = default) =>
        UpdateAsync(projectId, [], project => project.IsArchived = archived, ct, refuse: archived ? null : async (db, project) =>
            await OpenProjectNamedAsync(db, project.Name, projectId, ct)
                ? $"Another open project is named '{project.Name}'; rename one of them first."
                : null);

    /// <summary>Replaces the Markdown guidelines raters read beside each item; empty text leaves the default guideline.</summary>
    public Task<OperationResult> UpdateGuidelinesAsync(long projectId, string markdown, CancellationToken ct = default) =>
        UpdateAsync(projectId, NewProject.GuidelinesProblems(markdown), project => project.GuidelinesMarkdown = markdown.Trim(), ct);

    /// <summary>Changes how the project's candidates are sampled; refused, naming the setting, when a value is out of range.</summary>
    public Task<OperationResult> UpdateSamplingAsync(long projectId, SamplingSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return UpdateAsync(projectId, SamplingRules.Problems(settings), project =>
        {
            project.Sampling.Temperature = settings.Temperature;
            project.Sampling.TopP = settings.TopP;
            project.Sampling.TopK = settings.TopK;
            project.Sampling.MaxNewTokens = settings.MaxNewTokens;
            project.Sampling.GuidanceScale = settings.GuidanceScale;
            project.Sampling.DiffusionSteps = settings.DiffusionSteps;
            project.Sampling.KeepUnratedComparisons = settings.KeepUnratedComparisons;
        }, ct);
    }

    /// <summary>Changes what a new policy must show before it is promoted; refused, naming the threshold, when a value is out of range.</summary>
    public Task<OperationResult> UpdateGateAsync(long projectId, GateSettings gate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return UpdateAsync(projectId, GateRules.Problems(gate), project =>
        {
            project.Gate.MinWinRate = gate.MinWinRate;
            project.Gate.MaxKl = gate.MaxKl;
            project.Gate.MaxLengthDrift = gate.MaxLengthDrift;
            project.Gate.MaxAdherenceDrop = gate.MaxAdherenceDrop;
            project.Gate.EvaluationPrompts = gate.EvaluationPrompts;
        }, ct);
    }

    /// <summary>Changes how the project checks its raters; refused, naming the setting, when a value is out of range.</summary>
    public Task<OperationResult> UpdateReliabilityAsync(long projectId, ReliabilitySettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return UpdateAsync(projectId, ReliabilityRules.Problems(settings), project =>
        {
            project.Reliability.SwapRepeatRate = settings.SwapRepeatRate;
            project.Reliability.TooFastSeconds = settings.TooFastSeconds;
            project.Reliability.AutoPauseEnabled = settings.AutoPauseEnabled;
            project.Reliability.AutoPauseMinVotes = settings.AutoPauseMinVotes;
            project.Reliability.AutoPauseMinGoldAccuracy = settings.AutoPauseMinGoldAccuracy;
            project.Reliability.AutoPauseMinMajorityAgreement = settings.AutoPauseMinMajorityAgreement;
            project.Reliability.AutoPauseMaxTooFastShare = settings.AutoPauseMaxTooFastShare;
            project.Reliability.AutoPauseMaxSideBias = settings.AutoPauseMaxSideBias;
        }, ct);
    }

    /// <summary>The project's rater checks, or null when it does not exist.</summary>
    public async Task<ReliabilitySettings?> ReliabilityAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Reliability).SingleOrDefaultAsync(ct);
    }

    /// <summary>Applies a change to the project unless there are problems or <paramref name="refuse"/> gives a reason against it.</summary>
    private async Task<OperationResult> UpdateAsync(
        long projectId,
        IReadOnlyList<string> problems,
        Action<Project> apply,
        CancellationToken ct,
        Func<FeedbackDbContext, Project, Task<string?>>? refuse = null)
    {
        if (problems.Count > 0)
        {
            return new OperationResult(false, problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return OperationResult.Failed($"Project {projectId} does not exist.");
        }

        if (refuse is not null && await refuse(db, project) is { } reason)
        {
            return OperationResult.Failed(reason);
        }

        apply(project);
        await db.SaveChangesAsync(ct);
        return OperationResult.Success;
    }

    /// <summary>Whether an open project other than <paramref name="exceptId"/> has the name: open projects' names are unique.</summary>
    private static Task<bool> OpenProjectNamedAsync(FeedbackDbContext db, string name, long? exceptId, CancellationToken ct) =>
        db.Projects.AnyAsync(p => p.Name == name && !p.IsArchived && p.Id != exceptId, ct);
}
