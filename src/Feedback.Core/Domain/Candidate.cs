namespace Feedback.Core.Domain;

/// <summary>One generated (or written, or imported) output for a prompt, with its full provenance.</summary>
public sealed class Candidate
{
    public long Id { get; set; }
    public long PromptId { get; set; }
    public Prompt? Prompt { get; set; }
    public Modality Modality { get; set; }

    /// <summary>The answer, for text candidates.</summary>
    public string? Text { get; set; }

    /// <summary>The image file, relative to the media folder, for image candidates.</summary>
    public string? ImagePath { get; set; }

    public string? ImageSha256 { get; set; }

    /// <summary>The checkpoint that generated it; null for written or imported candidates.</summary>
    public long? CheckpointId { get; set; }
    public Checkpoint? Checkpoint { get; set; }

    /// <summary>The sampling parameters used, as JSON (temperature, top-p, guidance scale, steps, ...).</summary>
    public string? SamplingParametersJson { get; set; }

    public long? Seed { get; set; }
    public string Source { get; set; } = "manual";
    public DateTimeOffset CreatedAt { get; set; }
}
