namespace Feedback.Core.Projects;

/// <summary>A candidate to add: text (Markdown allowed) for a text project, or a PNG image for an image project.</summary>
public sealed record NewCandidate(string? Text, byte[]? Png)
{
    public static NewCandidate FromText(string text) => new(text, null);

    public static NewCandidate FromPng(byte[] png) => new(null, png);
}
