using Feedback.Core.Domain;
using Feedback.IntegrationTests.Rating;
using Microsoft.EntityFrameworkCore;

namespace Feedback.IntegrationTests.Agreement;

/// <summary>Writes votes straight into the database, with the sides and timings a test wants.</summary>
internal static class AgreementVotes
{
    /// <summary>
    /// A vote saying what <paramref name="rater"/> thinks of the comparison's candidates in stored order: 0 the first
    /// better, 1 the second, 2 tie, 3 both bad; shown with the sides swapped when <paramref name="swapped"/>.
    /// </summary>
    public static async Task AddAsync(
        RatingFixture fixture, long comparisonId, string rater, int label, bool swapped = false, double seconds = 10, bool isSwapRepeat = false,
        DateTimeOffset? answeredAt = null)
    {
        await using var db = fixture.NewContext();
        var candidates = await db.ComparisonCandidates.Where(c => c.ComparisonId == comparisonId).OrderBy(c => c.Position)
            .Select(c => c.CandidateId).ToArrayAsync();
        var shown = swapped ? candidates.Reverse().ToArray() : candidates;
        VoteChoice choice = label switch
        {
            0 => swapped ? VoteChoice.Right : VoteChoice.Left,
            1 => swapped ? VoteChoice.Left : VoteChoice.Right,
            2 => VoteChoice.Tie,
            _ => VoteChoice.BothBad,
        };
        var answered = answeredAt ?? DateTimeOffset.UtcNow;
        db.Votes.Add(new Vote
        {
            ComparisonId = comparisonId,
            RaterId = rater,
            ClientVoteId = Guid.NewGuid(),
            Choice = choice,
            ShownOrder = shown,
            IsSwapRepeat = isSwapRepeat,
            ShownAt = answered.AddSeconds(-seconds),
            AnsweredAt = answered,
        });
        await db.SaveChangesAsync();
    }
}
