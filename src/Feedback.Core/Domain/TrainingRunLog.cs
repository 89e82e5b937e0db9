namespace Feedback.Core.Domain;

/// <summary>One line of a run's log, as the researcher's console shows it.</summary>
public sealed class TrainingRunLog
{
    public long Id { get; set; }
    public long TrainingRunId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Message { get; set; }
}
