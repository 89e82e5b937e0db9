namespace Feedback.Core.Domain;

/// <summary>A model on disk (weights, config, tokenizer, exported ONNX) with its hash, metrics and lineage.</summary>
public sealed class Checkpoint
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public Modality Modality { get; set; }
    public CheckpointKind Kind { get; set; }

    /// <summary>The project it serves or was trained for; null for shared base models.</summary>
    public long? ProjectId { get; set; }

    /// <summary>The checkpoint folder, relative to the checkpoint store.</summary>
    public required string Path { get; set; }

    public required string Sha256 { get; set; }
    public string MetricsJson { get; set; } = "{}";
    public CheckpointStatus Status { get; set; }

    /// <summary>Why it was promoted, kept as a candidate or retired.</summary>
    public string? StatusReason { get; set; }

    public long? ParentId { get; set; }
    public Checkpoint? Parent { get; set; }

    /// <summary>The run that produced it; null for base and imported models.</summary>
    public long? TrainingRunId { get; set; }
    public TrainingRun? TrainingRun { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
}
