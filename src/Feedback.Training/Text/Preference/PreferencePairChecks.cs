namespace Feedback.Training.Text.Preference;

/// <summary>What the trainers refuse before spending time: empty sets and sequences longer than the model's positions.</summary>
internal static class PreferencePairChecks
{
    public static void Require(IReadOnlyList<PreferencePair> pairs, LlamaConfig config, string what)
    {
        if (pairs.Count == 0)
        {
            throw new ArgumentException($"The {what} pairs are empty.");
        }

        var empty = pairs.Count(pair => pair.Prompt.Count == 0 || pair.Chosen.Count == 0 || pair.Rejected.Count == 0);
        if (empty > 0)
        {
            throw new ArgumentException($"{empty} of the {what} pairs have an empty prompt or answer.");
        }

        var negative = pairs.Count(pair => !(pair.Margin >= 0));
        if (negative > 0)
        {
            throw new ArgumentException($"{negative} of the {what} pairs have a negative or undefined margin.");
        }

        var tooLong = pairs.Count(pair => pair.Prompt.Count + Math.Max(pair.Chosen.Count, pair.Rejected.Count) > config.MaxPositionEmbeddings);
        if (tooLong > 0)
        {
            throw new ArgumentException(
                $"{tooLong} of the {what} pairs are longer than the model's {config.MaxPositionEmbeddings} positions; shorten or leave them out.");
        }
    }
}
