using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>One prompt, the dialogue before it, and the candidates to compare for it: one comparison once added.</summary>
public sealed class NewItem
{
    public string Prompt { get; set; } = "";
    public List<DialogueTurn> EarlierTurns { get; set; } = [];

    /// <summary>Two candidates make a pair; three or four make a ranking. Their order here is their stored order.</summary>
    public List<NewCandidate> Candidates { get; set; } = [];
}
