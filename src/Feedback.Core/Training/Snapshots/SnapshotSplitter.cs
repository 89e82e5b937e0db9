using Feedback.Core.Domain;

namespace Feedback.Core.Training.Snapshots;

/// <summary>
/// Puts each prompt, with every vote on it, in the training or the held-out split. The choice depends only on the
/// seed and the prompt id, so it is the same in every snapshot made with that seed, and no prompt is ever in both.
/// </summary>
public static class SnapshotSplitter
{
    public static SnapshotSplit SplitOf(long promptId, bool promptIsHeldOut, double heldOutFraction, int seed) =>
        promptIsHeldOut || UnitValue(promptId, seed) < heldOutFraction ? SnapshotSplit.HeldOut : SnapshotSplit.Train;

    /// <summary>A number in [0, 1) spread evenly over prompt ids, from SplitMix64: stable across processes, unlike string hash codes.</summary>
    internal static double UnitValue(long promptId, int seed) => (Mix(Mix(unchecked((ulong)seed)) ^ unchecked((ulong)promptId)) >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
