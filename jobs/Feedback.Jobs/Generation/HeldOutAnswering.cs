using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Sampling.Text;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Generation;

/// <summary>How checkpoints are compared: on the project's held-out prompts, at its sampling settings, with seeds both sides share.</summary>
internal static class HeldOutAnswering
{
    public static Task<List<PromptToAnswer>> PromptsAsync(FeedbackDbContext db, long projectId, CancellationToken ct) =>
        db.Prompts.AsNoTracking()
            .Where(p => p.ProjectId == projectId && p.IsHeldOut)
            .OrderBy(p => p.Id)
            .Select(p => new PromptToAnswer(p.Id, p.Text, p.EarlierTurns))
            .ToListAsync(ct);

    public static GenerationSettings Settings(SamplingSettings sampling) => new()
    {
        Temperature = (float)sampling.Temperature,
        TopP = (float)sampling.TopP,
        TopK = sampling.TopK,
        MaxNewTokens = sampling.MaxNewTokens,
    };

    /// <summary>One answer per prompt; row i draws with seed + i, so two models given the same seed draw alike.</summary>
    public static IReadOnlyList<GeneratedSequence> Answer(
        ServedTextModel model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings settings, int seed, CancellationToken ct)
    {
        var rowSettings = settings with
        {
            Seed = seed,
            EosTokenId = model.Tokenizer.EosId,
            PadTokenId = model.Tokenizer.PadId,
            MaxNewTokens = Math.Min(settings.MaxNewTokens, model.ContextLength - prompts.Max(p => p.Count)),
        };
        return model.Sampler.Generate(prompts, rowSettings, ct);
    }
}
