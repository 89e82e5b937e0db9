namespace Feedback.Core.Domain;

public enum CheckpointStatus
{
    Candidate = 0,
    Serving = 1,
    Retired = 2,
}
