namespace Feedback.Core.Curation;

/// <summary>What an image with its caption must pass to be kept.</summary>
public sealed record CurationSettings
{
    public int MinWidth { get; init; } = 64;
    public int MinHeight { get; init; } = 64;

    /// <summary>Images whose difference hashes differ in at most this many of 64 bits are near-duplicates; the first is kept.</summary>
    public int MaxDuplicateDistance { get; init; } = 4;

    public int MinCaptionWords { get; init; } = 2;

    /// <summary>Words (matched whole, ignoring case) that drop a caption.</summary>
    public IReadOnlyList<string> BlockedWords { get; init; } = [];
}
