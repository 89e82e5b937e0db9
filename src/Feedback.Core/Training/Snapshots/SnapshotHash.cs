using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Domain;

namespace Feedback.Core.Training.Snapshots;

/// <summary>
/// The fingerprint of a snapshot's contents: SHA-256, in lower-case hex, over one line per vote in ascending vote id
/// order, "<c>{vote id} {split}</c>" with the split as its number (0 train, 1 held out), each ending in a line feed.
/// Two snapshots with the same votes in the same splits have the same hash, whatever their names or filters.
/// </summary>
public static class SnapshotHash
{
    public static string Compute(IEnumerable<(long VoteId, SnapshotSplit Split)> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (voteId, split) in votes.OrderBy(v => v.VoteId))
        {
            sha.AppendData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{voteId} {(int)split}\n")));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
