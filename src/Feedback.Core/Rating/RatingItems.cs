using Feedback.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Rating;

/// <summary>Loads what a rater sees for an assignment, in the order the assignment chose.</summary>
public sealed class RatingItems(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    public async Task<RatingItem> LoadAsync(Assignment assignment, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comparison = await db.Comparisons.AsNoTracking()
            .Where(c => c.Id == assignment.ComparisonId)
            .Select(c => new
            {
                c.Project!.Modality,
                c.Prompt!.Text,
                c.Prompt.EarlierTurns,
                Candidates = c.Candidates.Select(cc => new { cc.CandidateId, cc.Candidate!.Text, cc.Candidate.ImagePath }).ToList(),
            })
            .SingleOrDefaultAsync(ct)
            ?? throw new KeyNotFoundException($"Comparison {assignment.ComparisonId} does not exist.");

        var byId = comparison.Candidates.ToDictionary(c => c.CandidateId);
        var shown = assignment.ShownOrder
            .Select(id => byId[id])
            .Select(c => new RatingCandidate(c.CandidateId, c.Text, c.ImagePath))
            .ToList();
        return new RatingItem(assignment.LeaseId, assignment.ComparisonId, comparison.Modality, comparison.Text, comparison.EarlierTurns, shown);
    }
}
