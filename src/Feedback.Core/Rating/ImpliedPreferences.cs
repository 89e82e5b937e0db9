using Feedback.Core.Domain;

namespace Feedback.Core.Rating;

/// <summary>A pairwise preference: the winner was judged better than the loser.</summary>
public readonly record struct Preference(long WinnerId, long LoserId);

/// <summary>
/// The pairwise preferences a vote implies. A ranking of K candidates implies K(K-1)/2 pairs (each candidate beats
/// every one ranked below it); a pairwise choice implies one pair, and a tie or "both bad" implies none.
/// </summary>
public static class ImpliedPreferences
{
    public static IReadOnlyList<Preference> FromRanking(IReadOnlyList<long> bestFirst)
    {
        var pairs = new List<Preference>(bestFirst.Count * (bestFirst.Count - 1) / 2);
        for (var i = 0; i < bestFirst.Count; i++)
        {
            for (var j = i + 1; j < bestFirst.Count; j++)
            {
                pairs.Add(new Preference(bestFirst[i], bestFirst[j]));
            }
        }

        return pairs;
    }

    public static IReadOnlyList<Preference> FromVote(Vote vote) => vote switch
    {
        { Ranking: { } ranking } => FromRanking(ranking),
        { Choice: VoteChoice.Left } => [new Preference(vote.LeftCandidateId, vote.RightCandidateId)],
        { Choice: VoteChoice.Right } => [new Preference(vote.RightCandidateId, vote.LeftCandidateId)],
        _ => [],
    };
}
