using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Feedback.Training.Text;
using Feedback.Training.Text.Preference;
using Feedback.Training.Tokenizers;

namespace Feedback.Jobs.Training;

/// <summary>A snapshot's pairs as token ids for the text trainers, split as the snapshot split them.</summary>
internal sealed record PreferenceData(IReadOnlyList<PreferencePair> Train, IReadOnlyList<PreferencePair> HeldOut, int Skipped)
{
    public static async Task<PreferenceData> LoadAsync(
        FeedbackDbContext db, long snapshotId, ITextTokenizer tokenizer, int contextLength, CancellationToken ct)
    {
        var pairs = await SnapshotPairs.LoadAsync(db, snapshotId, ct);
        var train = new List<PreferencePair>();
        var heldOut = new List<PreferencePair>();
        var skipped = 0;
        foreach (var pair in pairs)
        {
            if (!IsDecisiveText(pair))
            {
                skipped++;
                continue;
            }

            var prompt = EncodePrompt(tokenizer, pair.PromptText, pair.EarlierTurns);
            var chosen = EncodeAnswer(tokenizer, pair.ChosenText!);
            var rejected = EncodeAnswer(tokenizer, pair.RejectedText!);
            if (!Fits(prompt, chosen, rejected, contextLength))
            {
                skipped++;
                continue;
            }

            var encoded = new PreferencePair(prompt, chosen, rejected, Margin(pair.Strength));
            (pair.Split == SnapshotSplit.HeldOut ? heldOut : train).Add(encoded);
        }

        return new PreferenceData(train, heldOut, skipped);
    }

    /// <summary>A pair the text trainers learn from: one answer preferred over a different one, not a tie or "both bad".</summary>
    public static bool IsDecisiveText(SnapshotPair pair) =>
        !pair.IsTie && !pair.IsBothBad && pair.ChosenText is not null && pair.RejectedText is not null && pair.ChosenText != pair.RejectedText;

    /// <summary>Whether the prompt with the longer answer fits the model's context; longer pairs are skipped.</summary>
    public static bool Fits(IReadOnlyList<int> prompt, IReadOnlyList<int> chosen, IReadOnlyList<int> rejected, int contextLength) =>
        prompt.Count + Math.Max(chosen.Count, rejected.Count) <= contextLength;

    public static IReadOnlyList<int> EncodePrompt(ITextTokenizer tokenizer, string prompt, IEnumerable<DialogueTurn> earlierTurns) =>
        ChatTemplate.Encode(tokenizer, earlierTurns.Select(t => (t.Role, t.Text)), prompt);

    public static IReadOnlyList<int> EncodeAnswer(ITextTokenizer tokenizer, string answer) => [.. tokenizer.Encode(answer), tokenizer.EosId];

    /// <summary>How much more the chosen answer should score when the reward model uses margins: none for a slight preference.</summary>
    private static double Margin(PreferenceStrength? strength) => strength switch
    {
        PreferenceStrength.Clearly => 0.5,
        PreferenceStrength.Much => 1.0,
        _ => 0.0,
    };
}
