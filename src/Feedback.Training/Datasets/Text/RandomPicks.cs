namespace Feedback.Training.Datasets.Text;

internal static class RandomPicks
{
    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>An item other than the one at <paramref name="index"/>.</summary>
    public static T PickOther<T>(this Random rng, IReadOnlyList<T> items, int index)
    {
        var other = rng.Next(items.Count - 1);
        return items[other >= index ? other + 1 : other];
    }

    public static bool Chance(this Random rng, double probability) => rng.NextDouble() < probability;
}
