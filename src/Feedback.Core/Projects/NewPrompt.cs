using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>A prompt for models to answer, without candidates yet; held-out prompts are kept for evaluating checkpoints.</summary>
public sealed record NewPrompt(string Text, IReadOnlyList<DialogueTurn> EarlierTurns, bool IsHeldOut = false);
