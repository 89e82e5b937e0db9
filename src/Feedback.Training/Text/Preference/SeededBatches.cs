namespace Feedback.Training.Text.Preference;

/// <summary>Which examples a step trains on, a function of the seed and the step alone, so that a resumed run sees the same data.</summary>
internal static class SeededBatches
{
    /// <summary><paramref name="batchSize"/> distinct indices below <paramref name="count"/> (repeating only when there are fewer).</summary>
    public static int[] Indices(int seed, int step, int count, int batchSize)
    {
        var rng = new Random(unchecked((seed * 1_000_003) + step));
        var order = Enumerable.Range(0, count).ToArray();
        var picked = new int[batchSize];
        for (var i = 0; i < batchSize; i++)
        {
            var slot = i % count;
            if (slot == 0 && i > 0)
            {
                // Every example was used once in this batch: start another pass.
                order = Enumerable.Range(0, count).ToArray();
            }

            var swap = slot + rng.Next(count - slot);
            (order[slot], order[swap]) = (order[swap], order[slot]);
            picked[i] = order[slot];
        }

        return picked;
    }
}
