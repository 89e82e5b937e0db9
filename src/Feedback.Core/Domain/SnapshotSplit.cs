namespace Feedback.Core.Domain;

public enum SnapshotSplit
{
    Train = 0,
    HeldOut = 1,
}
