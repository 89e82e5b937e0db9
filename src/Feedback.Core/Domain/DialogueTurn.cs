namespace Feedback.Core.Domain;

/// <summary>An earlier turn of a dialogue that leads up to a prompt.</summary>
public sealed record DialogueTurn(string Role, string Text);
