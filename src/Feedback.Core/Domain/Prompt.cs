namespace Feedback.Core.Domain;

/// <summary>What candidates answer: a text instruction (with the dialogue before it, if any) or an image caption.</summary>
public sealed class Prompt
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public required string Text { get; set; }
    public List<DialogueTurn> EarlierTurns { get; set; } = [];

    /// <summary>Where the prompt came from (manual, an import file, the built-in corpus).</summary>
    public string Source { get; set; } = "manual";

    /// <summary>Held-out prompts are kept out of training and used to evaluate checkpoints.</summary>
    public bool IsHeldOut { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public List<Candidate> Candidates { get; set; } = [];
}
