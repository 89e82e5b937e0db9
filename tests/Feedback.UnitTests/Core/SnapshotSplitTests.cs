using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;

namespace Feedback.UnitTests.Core;

public sealed class SnapshotSplitTests
{
    [Fact]
    public void About_the_asked_share_of_prompts_is_held_out_the_same_way_every_time()
    {
        var splits = Enumerable.Range(1, 10_000).Select(id => SnapshotSplitter.SplitOf(id, promptIsHeldOut: false, 0.1, seed: 5)).ToList();
        var again = Enumerable.Range(1, 10_000).Select(id => SnapshotSplitter.SplitOf(id, promptIsHeldOut: false, 0.1, seed: 5)).ToList();
        var otherSeed = Enumerable.Range(1, 10_000).Select(id => SnapshotSplitter.SplitOf(id, promptIsHeldOut: false, 0.1, seed: 6)).ToList();

        (splits.Count(s => s == SnapshotSplit.HeldOut) / 10_000.0).ShouldBeInRange(0.09, 0.11);
        again.ShouldBe(splits);
        otherSeed.ShouldNotBe(splits);
    }

    [Fact]
    public void A_prompt_marked_held_out_is_held_out_whatever_the_share()
    {
        SnapshotSplitter.SplitOf(3, promptIsHeldOut: true, 0, seed: 1).ShouldBe(SnapshotSplit.HeldOut);
        SnapshotSplitter.SplitOf(3, promptIsHeldOut: false, 0, seed: 1).ShouldBe(SnapshotSplit.Train);
        SnapshotSplitter.SplitOf(3, promptIsHeldOut: false, 1, seed: 1).ShouldBe(SnapshotSplit.HeldOut);
    }

    [Fact]
    public void The_hash_covers_vote_ids_and_splits_in_vote_order()
    {
        var hash = SnapshotHash.Compute([(2, SnapshotSplit.Train), (1, SnapshotSplit.HeldOut)]);

        // sha256sum of the two lines "1 1" and "2 0".
        hash.ShouldBe("d4db32afe729b0e53825daf6056e6d5d2230c20a69bb6c98b5c4f75c3a8bfbac");
        SnapshotHash.Compute([(1, SnapshotSplit.Train), (2, SnapshotSplit.Train)]).ShouldNotBe(hash);
    }
}
