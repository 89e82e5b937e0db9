using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Feedback.Training.Datasets.Text;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Simulation;

/// <summary>
/// Raters for demos and benchmarks that judge generated answers by an oracle (the corpus's rules for text, the
/// caption's requirements for images) and flip a share of their decisions at random, like careless people. They take assignments and vote through
/// the same services as the browser, so their votes are stored, leased and counted like anyone's.
/// </summary>
public sealed class SimulatedRaters(
    IDbContextFactory<FeedbackDbContext> dbFactory, AssignmentEngine assignments, RatingItems items, VoteSubmission votes, TimeProvider clock)
{
    public const string UserNamePrefix = "simulated-rater-";

    /// <summary>The simulated raters' accounts (annotators that cannot log in), created when missing.</summary>
    public async Task<IReadOnlyList<string>> EnsureRatersAsync(int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var annotatorRoleId = await db.Roles.Where(r => r.Name == Roles.Annotator).Select(r => r.Id).SingleOrDefaultAsync(ct);
        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var name = UserNamePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == name, ct);
            if (user is null)
            {
                user = new FeedbackUser
                {
                    UserName = name,
                    NormalizedUserName = name.ToUpperInvariant(),
                    DisplayName = $"Simulated rater {i}",
                    SecurityStamp = Guid.NewGuid().ToString(),
                    CreatedAt = clock.GetUtcNow(),
                };
                db.Users.Add(user);
                if (annotatorRoleId is not null)
                {
                    db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = annotatorRoleId });
                }

                await db.SaveChangesAsync(ct);
            }

            ids.Add(user.Id);
        }

        return ids;
    }

    /// <summary>Votes on text comparisons by the corpus's rules; see the overload taking an oracle.</summary>
    public Task<SimulationSummary> VoteAsync(
        long projectId, IReadOnlyList<string> raterIds, CorpusTruth truth, double noise, int maxVotes, int seed, CancellationToken ct = default) =>
        VoteAsync(projectId, raterIds, new CorpusOracle(truth), noise, maxVotes, seed, ct);

    /// <summary>
    /// The raters take turns until <paramref name="maxVotes"/> votes are in or none of them is given anything more.
    /// Items the oracle cannot judge are passed over (the lease lapses).
    /// </summary>
    public async Task<SimulationSummary> VoteAsync(
        long projectId, IReadOnlyList<string> raterIds, IRaterOracle oracle, double noise, int maxVotes, int seed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(raterIds);
        ArgumentNullException.ThrowIfNull(oracle);
        var rng = new Random(seed);
        var skipped = new Dictionary<string, HashSet<long>>();
        var (cast, flipped, ties) = (0, 0, 0);
        var idle = new HashSet<string>();
        while (cast < maxVotes && idle.Count < raterIds.Count)
        {
            foreach (var rater in raterIds.Where(r => !idle.Contains(r)))
            {
                ct.ThrowIfCancellationRequested();
                var passedOver = skipped.TryGetValue(rater, out var set) ? set : skipped[rater] = [];
                var assignment = await assignments.NextAsync(projectId, rater, passedOver, ct);
                if (assignment is null)
                {
                    idle.Add(rater);
                    continue;
                }

                var item = await items.LoadAsync(assignment, ct);
                var qualities = await oracle.JudgeAsync(item, ct);
                if (qualities is null)
                {
                    passedOver.Add(item.ComparisonId);
                    continue;
                }

                var request = new VoteRequest(Guid.NewGuid(), rater, item.ComparisonId);
                if (item.IsRanking)
                {
                    var order = SimulatedPreference.Rank(qualities, noise, rng);
                    request = request with { Ranking = order.Select(i => item.Candidates[i].CandidateId).ToList() };
                }
                else
                {
                    var truthful = SimulatedPreference.Prefer(qualities[0], qualities[1]);
                    var pick = SimulatedPreference.Prefer(qualities[0], qualities[1], noise, rng);
                    flipped += pick != truthful ? 1 : 0;
                    ties += pick == PreferredAnswer.Tie ? 1 : 0;
                    var choice = pick switch
                    {
                        PreferredAnswer.First => VoteChoice.Left,
                        PreferredAnswer.Second => VoteChoice.Right,
                        _ => VoteChoice.Tie,
                    };
                    request = request with { Choice = choice };
                }

                if (await votes.SubmitAsync(request, ct) == VoteOutcome.Recorded)
                {
                    cast++;
                }

                if (cast >= maxVotes)
                {
                    break;
                }
            }
        }

        return new SimulationSummary(cast, ties, flipped);
    }
}

/// <summary>What the simulated raters did: votes cast, of which ties, and pairwise decisions the noise flipped.</summary>
public sealed record SimulationSummary(int Votes, int Ties, int Flipped);
