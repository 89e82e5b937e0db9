namespace Feedback.Core.Domain;

public enum GenerationBatchStatus
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}
