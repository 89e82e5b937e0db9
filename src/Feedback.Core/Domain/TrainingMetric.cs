namespace Feedback.Core.Domain;

/// <summary>One logged value of a run at one step (loss, accuracy, KL, ...); held-out values are named "eval/...".</summary>
public sealed class TrainingMetric
{
    public long Id { get; set; }
    public long TrainingRunId { get; set; }
    public int Step { get; set; }
    public required string Name { get; set; }
    public double Value { get; set; }
    public DateTimeOffset At { get; set; }
}
