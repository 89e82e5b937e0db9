using Feedback.Core.Domain;
using Feedback.Sampling.Text;

namespace Feedback.Jobs.Generation;

/// <summary>A prompt to answer, as stored.</summary>
internal sealed record PromptToAnswer(long Id, string Text, IReadOnlyList<DialogueTurn> EarlierTurns);

/// <summary>One sampled answer and where it came from.</summary>
internal sealed record SampledAnswer(long CheckpointId, string Text, int Seed, int TokenCount, bool StoppedAtEos);

/// <summary>
/// Samples the answers of one comparison per prompt: slot i of each prompt is answered by <c>models[i]</c> (the same
/// model in every slot for ordinary pairs and rankings, two models for a battle). Answers that repeat an earlier slot's
/// text, or are empty, are drawn again with new seeds; a prompt still short of distinct answers after the last
/// attempt is given up (null), since raters cannot choose between identical answers.
/// </summary>
internal static class PromptAnswers
{
    public const int Attempts = 4;

    public static SampledAnswer[]?[] Sample(
        IReadOnlyList<PromptToAnswer> prompts, IReadOnlyList<ServedTextModel> models, GenerationSettings settings, int seed, CancellationToken ct)
    {
        var slots = models.Count;
        var answers = prompts.Select(_ => new SampledAnswer?[slots]).ToArray();
        var pending = Enumerable.Range(0, prompts.Count).SelectMany(p => Enumerable.Range(0, slots).Select(s => (Prompt: p, Slot: s))).ToList();
        for (var attempt = 0; attempt < Attempts && pending.Count > 0; attempt++)
        {
            foreach (var (model, modelIndex) in models.Distinct().Select((m, i) => (m, i)))
            {
                var rows = pending.Where(r => models[r.Slot] == model).ToList();
                if (rows.Count == 0)
                {
                    continue;
                }

                var attemptSeed = unchecked(seed + (attempt * 7919) + (modelIndex * 104_729));
                var encoded = rows.Select(r => model.EncodePrompt(prompts[r.Prompt].Text, prompts[r.Prompt].EarlierTurns)).ToList();
                var rowSettings = settings with
                {
                    Seed = attemptSeed,
                    EosTokenId = model.Tokenizer.EosId,
                    PadTokenId = model.Tokenizer.PadId,
                    MaxNewTokens = Math.Min(settings.MaxNewTokens, model.ContextLength - encoded.Max(e => e.Count)),
                };
                if (rowSettings.MaxNewTokens <= 0)
                {
                    throw new InvalidOperationException($"A prompt fills the model's whole context of {model.ContextLength} tokens; shorten it.");
                }

                var generated = model.Sampler.Generate(encoded, rowSettings, ct);
                for (var i = 0; i < rows.Count; i++)
                {
                    var sequence = generated[i];
                    var text = model.Tokenizer.Decode(sequence.TokenIds).Replace("\0", "", StringComparison.Ordinal).Trim();
                    answers[rows[i].Prompt][rows[i].Slot] = new SampledAnswer(
                        model.CheckpointId, text, unchecked(attemptSeed + i), sequence.TokenIds.Count, sequence.StoppedAtEos);
                }
            }

            pending = pending.Where(r => NeedsAnotherDraw(answers[r.Prompt], r.Slot)).ToList();
        }

        return answers.Select((slotsOfPrompt, p) => pending.Any(r => r.Prompt == p) ? null : slotsOfPrompt.Select(a => a!).ToArray()).ToArray();
    }

    private static bool NeedsAnotherDraw(SampledAnswer?[] slots, int slot)
    {
        var text = slots[slot]!.Text;
        return text.Length == 0 || slots.Take(slot).Any(earlier => earlier!.Text == text);
    }
}
